import { findHandoverFacts, nameAnswered } from '../../../src/intents/entities/handover';

describe('the facts of a professional handover', () => {
  it('reads a crew who says everything in one breath', () => {
    expect(
      findHandoverFacts(
        'paramedic, LAS, call sign Alpha 12, 84-year-old fall, NHS 943 476 5919, RR 22 sats 93 pulse 98 temp 37.9 alert, needs rapid response',
      ),
    ).toMatchObject({
      selfIdentified: true,
      role: 'paramedic',
      organisation: 'LAS',
      callSign: 'Alpha 12',
      age: 84,
      need: 'Rapid response',
      connectNow: false,
      problem: '84-year-old fall',
    });
  });

  it.each([
    ['call sign alpha one two', 'Alpha 12'],
    ['callsign K42', 'K42'],
    ['call sign Kilo 4, 79 year old man', 'Kilo 4'],
    ['our call sign is Romeo 12', 'Romeo 12'],
    // Conversations set B (spent): call signs said without the words "call sign".
    ["hi, it's the crew on Delta Romeo one three, South East Coast Ambulance", 'Delta Romeo 13'],
    ['Echo Mike 41 here, patient fallen', 'Echo Mike 41'],
    ['paramedic here, unit Kilo two four', 'Kilo 24'],
  ])('reads the call sign in "%s"', (said, callSign) => {
    expect(findHandoverFacts(said).callSign).toBe(callSign);
  });

  it.each([
    ['I need admission avoidance', 'Admission avoidance'],
    ['can we leave him at home with your support', 'Admission avoidance'],
    ['could your team do a two hour visit', 'Rapid response'],
    ['just after some advice really', 'Advice'],
    ['rapid breathing', undefined],
    ["can your team come out and recatheterise so we don't have to convey?", 'Admission avoidance'],
    ['antibiotics at home with your team checking her would be better, rather than conveying', 'Admission avoidance'],
  ])('reads the need in "%s"', (said, need) => {
    expect(findHandoverFacts(said).need).toBe(need);
  });

  it('does not read a first name and an age as a call sign, nor keep a call sign in the problem', () => {
    expect(findHandoverFacts('paramedic, my colleague Mike 42 years old fall').callSign).toBeUndefined();
    expect(findHandoverFacts('paramedic here, call sign Kilo two four').problem).toBeUndefined();
  });

  it('does not keep the caller introducing themselves by name in the problem, and keeps a finding said the same way', () => {
    const said =
      'this is Sam Patel, clinical advisor at NHS 111, 88 year old who has fallen, no injuries, cannot get up';
    expect(findHandoverFacts(said).problem).toBe('88 year old who has fallen, no injuries, cannot get up');
    expect(findHandoverFacts("Hi, I'm Bola, resident is new confusion").problem).toBe('resident is new confusion');
    expect(findHandoverFacts("paramedic here, it's bleeding through the dressing").problem).toBe(
      "it's bleeding through the dressing",
    );
  });

  it.each(['put me through', 'just connect me please', 'can I speak to the duty clinician', 'transfer me'])(
    'hears "%s" as put me through now',
    (said) => {
      expect(findHandoverFacts(said).connectNow).toBe(true);
    },
  );

  it.each([
    '111 clinician here',
    'Hi, this is the 111 clinician',
    'GP here from Tooting medical centre',
    "I'm a paramedic",
    'we are an ambulance crew on scene',
    'Technician from SECAmb',
    'calling from the ambulance service',
    // Their name first, then the role as a title (set F, issue 17).
    'Hi, this is Sam Patel, clinical advisor at NHS 111 (LAS/111 South East London). Referral for 2hr UCR please.',
    "Hello, I'm Bola, registered nurse at Elmwood Care Home in Wandsworth",
    'Dr Helen Ward, GP, out of hours service at Croydon',
    'Dr A Mistry, Bellevue surgery SW17',
  ])('takes "%s" as a professional saying who they are', (said) => {
    expect(findHandoverFacts(said).selfIdentified).toBe(true);
  });

  it.each([
    "my GP said to call you, mum's leg is red",
    'the paramedics came yesterday and said the nurse would visit',
    '111 told me to ring you about my dad',
    'GP says she needs a nurse',
    'this is about my GP appointment',
    'I called an ambulance last week',
    "it's Edith, the district nurse didn't come",
    "it's about mum, the district nurse from the surgery came",
    'Dr Smith, my GP, said to ring you',
    "I'm Joan, I look after my mum",
  ])('does not take "%s" as a professional', (said) => {
    expect(findHandoverFacts(said).selfIdentified).toBe(false);
  });

  it('does not take the doctor calling for the patient ("Dr Helen Ward, GP, …")', () => {
    expect(findHandoverFacts('Dr Helen Ward, GP, out of hours service at Croydon').patientName).toBeUndefined();
    expect(findHandoverFacts('GP here, patient is Mr Patel').patientName).toBe('Mr Patel');
  });

  it('reads "obs by phone only" and "no NEWS2 available" as no observations to give', () => {
    expect(findHandoverFacts('Obs by phone only, pt self-reports feeling clammy').noObservations).toBe(true);
    expect(findHandoverFacts('No NEWS2 available').noObservations).toBe(true);
  });

  it('leaves who, the patient and the need out of the problem, and keeps the caller’s words for the rest', () => {
    expect(
      findHandoverFacts('GP here from Tooting medical centre, Mr Patel, SW17 0QT, cellulitis left leg spreading')
        .problem,
    ).toBe('cellulitis left leg spreading');
    expect(
      findHandoverFacts('LAS crew here, I need to hand over a patient for rapid response').problem,
    ).toBeUndefined();
    expect(findHandoverFacts('new confusion and temp 38.4').problem).toBe('new confusion and temp 38.4');
  });

  // Issue 17 (sets F to I read): names with an apostrophe or an inner capital, and handovers said in one breath on the
  // phone, where speech recognition writes no commas, no capitals and numbers as words.
  it.each([
    ["patient is Mr Liam O'Connor, 81, at home", "Mr Liam O'Connor"],
    ['Mrs Jean McDonald, 90, SW17 1AA', 'Mrs Jean McDonald'],
    ["the patient's name is Niamh O'Neill", "Niamh O'Neill"],
    ['we are with missus doreen platt at her flat', 'Mrs Doreen Platt'],
    ['gentleman is mister frank hale who lives alone', 'Mr Frank Hale'],
    ['the patient is brian cole eighty', 'Brian Cole'],
  ])('reads the patient\'s name in "%s"', (said, name) => {
    expect(findHandoverFacts(said).patientName).toBe(name);
  });

  it('does not read a description after "patient is" as a name', () => {
    expect(findHandoverFacts('the patient is very unwell').patientName).toBeUndefined();
    expect(findHandoverFacts('patient is seventy nine year old female').patientName).toBeUndefined();
  });

  it('reads an age said in words', () => {
    expect(findHandoverFacts('eighty one year old man possible chest infection').age).toBe(81);
  });

  it('reads a call sign of two words and digits said one by one', () => {
    expect(findHandoverFacts('call sign delta kilo three two on scene').callSign).toBe('Delta Kilo 32');
  });

  it('finds the problem in a spoken handover with no commas, without who is calling, the call sign or the obs', () => {
    const facts = findHandoverFacts(
      'hi it is jo from london ambulance call sign bravo six one we are with a seventy eight year old lady mrs ada finch her leg dressing is soaked and smells offensive obs resp twenty sats ninety four on air pulse ninety two temp thirty eight point two alert needs a visit today',
    );
    expect(facts).toMatchObject({ callSign: 'Bravo 61', age: 78, patientName: 'Mrs Ada Finch' });
    expect(facts.problem).toMatch(/^her leg dressing is soaked and smells offensive/);
    expect(facts.problem).not.toMatch(/jo from|bravo|sats|ada/i);
  });

  it('keeps a finding said after an NHS number in the same breath', () => {
    const facts = findHandoverFacts('nhs number nine nine nine two three four five six seven five she has had a fall');
    expect(facts.problem).toMatch(/fall/);
    expect(facts.problem).not.toMatch(/999|nine/);
  });

  it("does not take the caller's surgery for the problem, nor a nurse signing with their registration for a patient", () => {
    expect(
      findHandoverFacts('Dr Shah, GP, Furzedown Surgery. Referral for a 2 hour response please').problem,
    ).toBeUndefined();
    const nurse = findHandoverFacts('RGN Tom Ellis, Maple Lodge Nursing Home. Resident fallen, unable to weight bear');
    expect(nurse).toMatchObject({ selfIdentified: true, role: 'nurse' });
    expect(nurse.problem).toBe('Resident fallen, unable to weight bear');
  });

  // Sets K to N (spent): the caller's own name is not the patient's; the patient named after "patient's" or "pt", or
  // spelt out on the phone; a date of birth in words is no problem.
  it.each([
    ["my name's Danielle I'm a paramedic in the clinical assessment service", undefined],
    ["my name's kemi adeyemi I'm a health advisor at one one one", undefined],
    ["patient's Joyce Palmer P A L M E R", 'Joyce Palmer'],
    ["patient's Edith Clarke", 'Edith Clarke'],
    ['Pt Gladys Turner 92F, SW18 3RW', 'Gladys Turner'],
    ['the patient is a seventy nine year old lady called ivy robinson', 'Ivy Robinson'],
    ['E D I T H Clarke is the patient', undefined],
  ])('reads the patient named in "%s" as %s', (said, name) => {
    expect(findHandoverFacts(said).patientName).toBe(name);
  });

  it('takes nothing of a date of birth said in words or a spoken postcode for the problem', () => {
    expect(findHandoverFacts('date of birth twenty third of the fourth nineteen forty four').problem).toBeUndefined();
    expect(findHandoverFacts("she's at SW seventeen zero QT").problem).toBeUndefined();
  });

  it.each([
    ['hello yeah it is an ambulance crew I need to make a referral to the district nurses', 'District nursing'],
    ['he needs a nurse to come out and redress it tomorrow', 'District nursing'],
    ['Ideally daily visits for the first week', 'District nursing'],
    ['district nurse, Wandsworth community team', undefined],
  ])('reads the need in "%s" as %s', (said, need) => {
    expect(findHandoverFacts(said).need).toBe(need);
  });

  it('reads a name given as the answer to the patient question, and not a place', () => {
    expect(nameAnswered('Elsie Ward 90yo female')).toBe('Elsie Ward');
    expect(nameAnswered('Tooting Bec surgery')).toBeUndefined();
    expect(nameAnswered('Rapid Response')).toBeUndefined();
  });

  it('never throws, whatever it is given', () => {
    for (const said of ['', '   ', '\u0000', 'x'.repeat(5000), 'call sign', 'NHS']) {
      expect(() => findHandoverFacts(said)).not.toThrow();
    }
  });
});
