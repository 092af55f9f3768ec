import { renderChatPages } from '../../src/web/chatPage';

/** The web chat page's privacy notice names the record a summary goes to, as the bot's privacy message does. */
describe("the web chat page's privacy notice follows the record system", () => {
  const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

  it('with the FHIR record, says a summary goes to the community health record the team keeps', () => {
    const pages = renderChatPages('fhir');
    for (const route of ['/', '/privacy']) {
      expect(text(pages[route])).toMatch(/a summary is added to the community health record the team keeps for you/);
      expect(text(pages[route])).not.toMatch(/demonstration/);
    }
  });

  it('with the demo record, says it is a demonstration whose record is not the NHS record', () => {
    const pages = renderChatPages('demo');
    for (const route of ['/', '/privacy']) {
      expect(text(pages[route])).toMatch(/this demonstration&#39;s own record of contacts, not in your NHS record/);
      expect(text(pages[route])).not.toMatch(/community health record the team keeps/);
      expect(text(pages[route])).not.toMatch(/kept as part of your record of contact with community health services/);
    }
  });
});
