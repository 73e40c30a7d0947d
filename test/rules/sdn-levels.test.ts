import { entryVersion } from '../../src/sources/sanctions/entry-table.js';
import { parseConfig } from '../../src/engine/config.js';
import { Engine } from '../../src/engine/engine.js';
import type { Finding } from '../../src/engine/report.js';
import type { AnyRule } from '../../src/engine/rule.js';
import frontCompany from '../../src/rules/front-company.js';
import rule from '../../src/rules/sdn-alias-match.js';
import type { SanctionsEntry, SanctionsList } from '../../src/sources/sanctions/entry.js';
import { blankEntry } from '../../src/sources/sanctions/ofac.js';
import { indexSanctions } from '../../src/sources/sanctions/screen.js';
import { loadSources, type Sources } from '../../src/sources/index.js';
import { applicant } from '../helpers/applicant.js';
import { EMPTY_HOME } from '../helpers/home.js';

// A list large enough (1,200 entries) for name rarity to mean something, built so that each level
// of the sanctions rule has a case: common parts ("Mohamed", "Hassan" in 300 and 200 entries), a
// rare name (each part in one entry), a listed surname the applicant lacks, a weak alias, two
// entries carrying one alias.
function person(uid: number, name: string, extra: Partial<SanctionsEntry> = {}): SanctionsEntry {
  return { ...blankEntry(String(uid), 'SDN', name, 'individual', ['SDGT']), ...extra };
}

const FILLER = ['Ahmadi', 'Barakat', 'Celik', 'Dudayev', 'Ermakov', 'Farouk', 'Gasimov', 'Haddad', 'Ismail', 'Jaber'];
function syntheticList(): SanctionsList {
  const entries: SanctionsEntry[] = [];
  let uid = 1000;
  // 300 entries with "Mohamed", 200 with "Hassan": the list itself would hold "Mohamed Hassan" by chance.
  for (let i = 0; i < 300; i++) entries.push(person(uid++, `${FILLER[i % 10]!.toUpperCase()}${i}, Mohamed`));
  for (let i = 0; i < 200; i++) entries.push(person(uid++, `HASSAN, ${FILLER[i % 10]}${i}`));
  // Korean name parts that several listed people carry, as on the real list (Song 33, Kum 10, Hyok 14 entries).
  for (let i = 0; i < 5; i++) entries.push(person(uid++, `SONG, Il${i}`), person(uid++, `RI, Kum Chol${i}`), person(uid++, `PAK, Hyok${i}`));
  for (let i = 0; i < 675; i++) entries.push(person(uid++, `FILLERNAME${i}, Person${i}`));
  entries.push(
    person(7828, 'AMDOUNI, Mehrez', { aliases: [{ name: 'HASSAN, Mohamed', type: 'aka' }] }),
    person(39520, 'ADEN, Mohamoud Abdi', { aliases: [{ name: 'HASSAN, Mohamed', type: 'weak' }] }),
    person(49970, 'SONG, Kum Hyok', {
      birthDates: [{ text: '30 Aug 1987', fromYear: 1987, toYear: 1987, month: 8, day: 30, circa: false }],
      nationalities: ['KP'],
    }),
    person(53824, 'ASATRYAN, Gayk', {
      birthDates: [{ text: '14 Jun 1974', fromYear: 1974, toYear: 1974, month: 6, day: 14, circa: false }],
      nationalities: ['RU'],
    }),
    person(23924, 'SALEH, Ahmed Zakir', { birthDates: [{ text: '1975', fromYear: 1975, toYear: 1975, circa: false }] }),
    person(37335, 'KUZNETSOVA, Anna Yurievna', { birthDates: [{ text: '1982', fromYear: 1982, toYear: 1982, circa: false }], nationalities: ['RU'] }),
    person(60001, 'TORRANCE, Belgrave', { aliases: [{ name: 'QUILLFEATHER, Osgood', type: 'weak' }], nationalities: ['GB'] }),
    {
      ...person(24977, 'YANBIAN SILVERSTAR NETWORK TECHNOLOGY CO., LTD.'),
      type: 'entity',
      programs: ['DPRK3'],
      aliases: [{ name: 'YANBIAN SILVERSTAR', type: 'aka' }],
    },
  );
  return { id: 'ofac', description: 'synthetic list for level tests', date: '2025-11-01', dateSource: 'publication', entries };
}

let sources: Sources;
beforeAll(async () => {
  const list = syntheticList();
  const loaded = await loadSources(['iocs'], { env: { VET_HOME: EMPTY_HOME } });
  sources = {
    ...loaded.sources,
    sanctions: {
      ...indexSanctions(list),
      entryVersion,
      info: { id: 'sanctions', description: list.description, list: 'ofac', date: list.date, license: 'test' },
    },
  };
});

function vet(raw: Record<string, unknown>, rules: AnyRule[] = [rule]): { findings: Finding[]; score: number } {
  const config = parseConfig({}, rules);
  const result = new Engine(rules, config, sources).vet(applicant(raw));
  return { findings: result.findings, score: result.score };
}

const sdn = (raw: Record<string, unknown>) => vet(raw).findings.filter((f) => f.rule === 'sdn-alias-match');

describe('sdn-alias-match levels come from evidence, not from a name alone', () => {
  it('a name the list would hold by chance is low, and its two entries are one finding scored once', () => {
    const [f, ...rest] = sdn({ name: 'Mohamed Hassan', location: { city: 'Austin', country: 'US' } });
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ messageId: 'possibleMatch', level: 'low' });
    expect(f!.data.why).toMatch(/common/);
    expect(f!.evidence.map((e) => e.entryId)).toEqual(['7828', '39520']);
    expect(f!.message).toContain('entries 7828');
    expect(f!.message).toContain('39520');
  });

  it('a full, uncommon name with nothing to corroborate it is medium and says what was missing', () => {
    const [f] = sdn({ name: 'Kum Hyok Song' });
    expect(f).toMatchObject({ messageId: 'nameOnlyMatch', level: 'medium' });
    expect(f!.message).toContain('no date of birth given');
  });

  it('rare name parts on a large list make a name-only match high', () => {
    expect(sdn({ name: 'Gayk Asatryan' })[0]).toMatchObject({ messageId: 'sanctionedPerson', level: 'high' });
  });

  it('a whole date of birth that agrees makes it critical; one that differs makes it low', () => {
    expect(sdn({ name: 'Song Kum Hyok', dateOfBirth: '1987-08-30' })[0]).toMatchObject({ messageId: 'sanctionedPerson', level: 'critical' });
    expect(sdn({ name: 'Song Kum Hyok', dateOfBirth: '1960-01-01' })[0]).toMatchObject({ messageId: 'possibleMatch', level: 'low' });
  });

  it('a nationality that agrees raises a name-only match to high; one that differs lowers it to low', () => {
    expect(sdn({ name: 'Song Kum Hyok', nationality: 'KP' })[0]).toMatchObject({ messageId: 'sanctionedPerson', level: 'high' });
    const differs = sdn({ name: 'Gayk Asatryan', nationality: 'AM' })[0];
    expect(differs).toMatchObject({ messageId: 'possibleMatch', level: 'low' });
    expect(differs!.data.why).toMatch(/nationality differs/);
  });

  it('living in a country of the listed nationality lifts nothing to high: millions do', () => {
    const [f] = sdn({ name: 'Anna Kuznetsova', location: { city: 'Moscow', country: 'RU' } });
    expect(f).toMatchObject({ messageId: 'nameOnlyMatch', level: 'medium' });
    expect(f!.message).toContain('lives in a country of the listed nationality');
  });

  it('a listed surname the applicant lacks is not reported without a date of birth, and at most medium with one', () => {
    expect(sdn({ name: 'Ahmed Zakir' })).toEqual([]);
    expect(sdn({ name: 'Ahmed Zakir', dateOfBirth: '1975-03-02' })[0]).toMatchObject({ messageId: 'possibleMatch', level: 'medium' });
  });

  it('a year of birth that agrees gives high, never critical', () => {
    expect(sdn({ name: 'Anna Kuznetsova', location: { city: 'Chicago', country: 'US' } })[0]).toMatchObject({ messageId: 'nameOnlyMatch', level: 'medium' });
    expect(sdn({ name: 'Anna Yurievna Kuznetsova', dateOfBirth: '1982-05-01' })[0]).toMatchObject({ level: 'high' });
  });

  it('a weak alias alone is low, and medium once something agrees', () => {
    expect(sdn({ name: 'Osgood Quillfeather' })[0]).toMatchObject({ messageId: 'possibleMatch', level: 'low' });
    expect(sdn({ name: 'Osgood Quillfeather' })[0]!.data.why).toMatch(/weak alias/);
    expect(sdn({ name: 'Osgood Quillfeather', nationality: 'GB' })[0]).toMatchObject({ messageId: 'possibleMatch', level: 'medium' });
  });
});

describe('one fact, one score', () => {
  it('an employer that is a known front company and an SDN entity is reported by both rules and scored once', () => {
    const { findings, score } = vet({ name: 'Jane Roe', employers: [{ name: 'Yanbian Silverstar' }] }, [frontCompany, rule]);
    const front = findings.find((f) => f.rule === 'front-company')!;
    const listed = findings.find((f) => f.rule === 'sdn-alias-match')!;
    expect(front.points).toBeGreaterThan(0);
    expect(listed).toMatchObject({ points: 0, countedIn: 'front-company', level: 'high' });
    expect(score).toBe(front.points);
  });
});
