import { readPlace } from '../../src/keys/places.js';

// How ATS exports and people write a place, and what vet reads from it.
const CASES: Array<[text: string, country: string | undefined, city?: string]> = [
  ['Houston, TX', 'US', 'Houston'],
  ['Austin, TX, USA', 'US', 'Austin'],
  ['Austin, Texas', 'US', 'Austin'],
  ['Chicago, IL 60601', 'US', 'Chicago'],
  ['Atlanta, Georgia', 'US', 'Atlanta'],
  ['Tbilisi, Georgia', 'GE', 'Tbilisi'],
  ['Dover, DE', 'US', 'Dover'],
  ['Berlin, DE', 'DE', 'Berlin'],
  ['San Juan, PR', 'PR', 'San Juan'],
  ['Toronto, Ontario', 'CA', 'Toronto'],
  ['Toronto, ON', 'CA', 'Toronto'],
  ['Sydney, NSW', 'AU', 'Sydney'],
  ['Seattle, WA', 'US', 'Seattle'],
  ['Perth, WA', 'AU', 'Perth'],
  ['Remote - US', 'US'],
  ['US (Remote)', 'US'],
  ['Hybrid, London, UK', 'GB', 'London'],
  ['Greater Seattle Area', 'US', 'Seattle'],
  ['San Francisco Bay Area', 'US', 'San Francisco'],
  ['Greater London', 'GB', 'London'],
  ['Greater Toronto Area', 'CA', 'Toronto'],
  ['Pyongyang', 'KP', 'Pyongyang'],
  ['Pyongyang, Korea', 'KP', 'Pyongyang'],
  ['Pyongyang, North Korea', 'KP', 'Pyongyang'],
  ["Korea, Democratic People's Republic of", 'KP'],
  ['DPRK', 'KP'],
  ['Seoul, Korea', 'KR', 'Seoul'],
  ['Germany', 'DE'],
  ['Remote', undefined],
  ['Springfield', undefined, 'Springfield'],
];

describe('readPlace', () => {
  it.each(CASES.map(([text, country, city]) => ({ text, country, city })))('$text -> $country', ({ text, country, city }) => {
    const place = readPlace(text);
    expect(place.country).toBe(country);
    if (city !== undefined) expect(place.city).toBe(city);
  });

  it('says that "Korea" alone could be either Korea, and reads no country from it', () => {
    expect(readPlace('Korea')).toEqual({ ambiguous: expect.stringContaining('which Korea') });
    // Only a city that names a time zone settles it (Seoul, Pyongyang); Busan does not.
    expect(readPlace('Busan, Korea')).toEqual({ city: 'Busan', ambiguous: expect.stringContaining('which Korea') });
  });
});
