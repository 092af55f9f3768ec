import { loadLanguages } from '../../../src/intents/language/languages';
import { PhoneLanguageMenu } from '../../../src/language/phoneLanguageMenu';
import { ServiceDirectory } from '../../../src/content/serviceDirectory';

describe('the phone line language menu (content/languages/phone-menu.yaml)', () => {
  const menu = new PhoneLanguageMenu();
  const { byCode } = loadLanguages();

  it('offers every served language once, seven to a page, each line in its own language naming its own key', () => {
    const offered = [1, 2].flatMap((page) =>
      menu
        .page(page as 1 | 2)
        .filter((line) => line.language)
        .map((line) => ({ page, line })),
    );
    expect(offered.map((o) => o.line.language!.code).sort()).toEqual([...byCode.keys()].sort());
    expect(offered.filter((o) => o.page === 1)).toHaveLength(7);
    expect(offered.filter((o) => o.page === 2)).toHaveLength(7);
    for (const { page, line } of offered) {
      const key = line.language!.keypad.split('-').pop()!;
      // The digit said is the digit that chooses it (digits are written as numerals in every line).
      expect(line.text).toContain(key);
      expect(menu.choose(page as 1 | 2, key)).toEqual({ kind: 'language', language: line.language });
    }
  });

  it('reads 1 on page 1 and 0 on page 2 as English, 9 on page 1 as the second page, and an unused key as nothing', () => {
    expect(menu.choose(1, '1')).toEqual({ kind: 'english' });
    expect(menu.choose(2, '0')).toEqual({ kind: 'english' });
    expect(menu.choose(1, '9')).toEqual({ kind: 'more' });
    expect(menu.choose(2, '8')).toBeUndefined();
    expect(menu.choose(2, '9')).toBeUndefined();
  });

  it("says the 999 advice in the caller's language first, then in English naming the language", () => {
    const [own, english] = menu.connecting(byCode.get('es')!);
    expect(own.language?.code).toBe('es');
    expect(own.text).toMatch(/999.*ambulance/);
    expect(english.language).toBeUndefined();
    expect(english.text).toMatch(/999.*Spanish interpreter/);
  });

  it("uses a service's own interpreting contract, else the default", () => {
    const services = new ServiceDirectory();
    expect(menu.interpretingFor(services.byId('kent'))).toMatchObject({ phone: '+441632960901' });
    expect(menu.interpretingFor(services.byId('medway'))).toMatchObject({ phone: '+441632960900' });
  });
});
