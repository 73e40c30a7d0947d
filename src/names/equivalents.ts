import { fold } from './normalise.js';

/**
 * Given names that are one name in another form: English diminutives and the same name across
 * European languages. Screening tools keep such tables because "Ted Doe" is Theodore Doe; a
 * pair here scores as a variant, never as an exact match. Folded keys (see `fold`) are looked up,
 * so spelling variants of each form come along.
 */
const GROUPS: readonly string[][] = [
  ['theodore', 'ted', 'teddy', 'theo', 'fyodor', 'fedor', 'teodor'],
  ['benjamin', 'ben', 'benny', 'binyamin', 'veniamin'],
  ['thomas', 'tom', 'tommy', 'tomas', 'foma'],
  ['william', 'bill', 'billy', 'will', 'willy', 'wilhelm', 'guillermo', 'guillaume'],
  ['robert', 'bob', 'bobby', 'rob', 'robbie', 'roberto'],
  ['richard', 'rick', 'ricky', 'dick', 'ricardo'],
  ['james', 'jim', 'jimmy', 'jamie', 'diego', 'jaime'],
  ['john', 'johnny', 'jack', 'juan', 'johann', 'johannes', 'jan', 'ivan', 'giovanni', 'jean', 'joao', 'ioann', 'sean'],
  ['joseph', 'joe', 'joey', 'jose', 'josef', 'giuseppe', 'iosif', 'yusuf', 'youssef'],
  ['michael', 'mike', 'mikey', 'mikhail', 'miguel', 'michel', 'michele', 'mikhael'],
  ['alexander', 'alex', 'sasha', 'aleksandr', 'alexandre', 'alejandro', 'alessandro', 'sandro'],
  ['nicholas', 'nick', 'nicky', 'nikolai', 'nikolay', 'nicolas', 'nicola', 'niklas', 'klaus'],
  ['peter', 'pete', 'pyotr', 'petr', 'pedro', 'pierre', 'pietro'],
  ['paul', 'pavel', 'pablo', 'paolo'],
  ['stephen', 'steven', 'steve', 'stepan', 'esteban', 'stefan', 'stefano', 'etienne'],
  ['andrew', 'andy', 'andrei', 'andrey', 'andres', 'andreas', 'andrea', 'andre'],
  ['george', 'georgy', 'georgiy', 'yuri', 'yury', 'jorge', 'giorgio', 'georg'],
  ['gregory', 'greg', 'grigory', 'grigoriy', 'gregorio'],
  ['edward', 'ed', 'eddie', 'ted', 'eduard', 'eduardo', 'edouard'],
  ['anthony', 'tony', 'antonio', 'anton', 'antoine'],
  ['charles', 'charlie', 'chuck', 'carlos', 'carlo', 'karl', 'carl'],
  ['henry', 'hank', 'harry', 'enrique', 'heinrich', 'henri', 'enrico'],
  ['francis', 'frank', 'francisco', 'francesco', 'franz', 'francois', 'paco'],
  ['daniel', 'dan', 'danny', 'daniil'],
  ['david', 'dave', 'davy', 'davide', 'dawid', 'daud', 'dawood'],
  ['samuel', 'sam', 'sammy'],
  ['matthew', 'matt', 'matvei', 'mateo', 'matteo', 'mathieu', 'matthias'],
  ['katherine', 'catherine', 'kate', 'katie', 'cathy', 'kathy', 'ekaterina', 'yekaterina', 'katya', 'catalina'],
  ['elizabeth', 'liz', 'beth', 'betty', 'eliza', 'elisabeth', 'elizaveta', 'isabel'],
  ['margaret', 'maggie', 'peggy', 'meg', 'margarita', 'marguerite'],
  ['maria', 'mary', 'marie', 'masha', 'mariya'],
  ['anna', 'ann', 'anne', 'anya', 'hannah'],
  ['susan', 'sue', 'susie', 'suzanne', 'susanna'],
  ['barack', 'barry'],
  ['mohammed', 'mohammad', 'muhammad', 'mohamed', 'mohamad', 'muhammed', 'mehmet', 'mehmed'],
  ['osama', 'usama', 'usamah'],
  ['ibrahim', 'abraham', 'avraham'],
  ['suleiman', 'sulayman', 'solomon', 'suleyman'],
];

const BY_KEY = new Map<string, Set<number>>();

/** The groups as text, for a fingerprint of what an index's typo words rest on (no folding: cheap). */
export function equivalentGroupsText(): string {
  return GROUPS.map((g) => g.join(',')).join(';');
}

/** True when two given names, given by their folded keys, are forms of one name. */
export function equivalentNames(keyA: string, keyB: string): boolean {
  if (BY_KEY.size === 0) {
    GROUPS.forEach((group, i) => {
      for (const name of group) {
        const key = fold(name);
        const set = BY_KEY.get(key) ?? new Set<number>();
        set.add(i);
        BY_KEY.set(key, set);
      }
    });
  }
  const ga = BY_KEY.get(keyA);
  if (!ga) return false;
  const gb = BY_KEY.get(keyB);
  if (!gb) return false;
  for (const g of ga) if (gb.has(g)) return true;
  return false;
}
