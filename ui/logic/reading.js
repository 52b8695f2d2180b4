// Reading a story aloud (`#/read/<slug>`): the story cut into passages, one per screen, and the questions
// shown after it. Pure: the view turns the story's HTML into blocks; this decides where the screens break.

/** About how many words fit one screen in large type, read aloud in under a minute. */
export const WORDS_PER_SCREEN = 110;

/**
 * Groups a story's blocks into passages: a heading starts a new passage, and a passage holds blocks until
 * the next would take it past `max` words (a long paragraph stays whole, on its own screen).
 * @param {{ heading: boolean, words: number }[]} blocks in order
 * @param {number} [max]
 * @returns {number[][]} the indexes of the blocks of each passage
 */
export function passages(blocks, max = WORDS_PER_SCREEN) {
  /** @type {number[][]} */
  const res = [];
  let current = /** @type {number[]} */ ([]);
  let words = 0;
  blocks.forEach((block, i) => {
    const full = current.length > 0 && (block.heading || words + block.words > max);
    // A heading stays with what follows it.
    const afterHeading = current.length > 0 && blocks[current[current.length - 1]].heading;
    if (full && !afterHeading) {
      res.push(current);
      current = [];
      words = 0;
    }
    current.push(i);
    words += block.words;
  });
  if (current.length) res.push(current);
  return res;
}

/** Questions for the room after a story is read aloud. */
export const DISCUSSION_PROMPTS = [
  'What stood out for you in this story?',
  'What might have helped in the first hour, and in the weeks after?',
  'How were the patient and family kept in mind, and how could they have been?',
  'What would you say to a colleague in this situation tomorrow?',
  'What gets in the way of asking for help where we work?',
];
