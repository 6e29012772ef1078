import model from 'wink-eng-lite-web-model';
import winkNLP, { type ItsFunction, type WinkMethods } from 'wink-nlp';

/**
 * Words with their part of speech and lemma, from wink-nlp's English model: what tells a bare
 * "The move…" subject from a named one (definite-subject.ts) and which verbs a sentence's event
 * is told with (same-event.ts). The tagger is loaded on first use.
 */

/** The Porter (English) stem of a lower-case word. */
export const porterStem = model.addons.stem as (word: string) => string;

export interface Tagged {
  words: string[];
  /** Universal part-of-speech tags ("NOUN", "VERB", "AUX", "PROPN", "PUNCT"…), one per word. */
  tags: string[];
  /** Dictionary forms ("said" → "say"), one per word. */
  lemmas: string[];
}

let tagger: WinkMethods | undefined;
// Answers kept within one briefing (braid() forgets them): every section asks of the same texts.
const cache = new Map<string, Tagged>();
const CACHE_MAX = 20_000;

export function tagWords(text: string): Tagged {
  const held = cache.get(text);
  if (held) return held;
  if (cache.size >= CACHE_MAX) cache.clear();
  // No sentence splitting: each text is one sentence. Half the time of wink's default
  // pipeline, and the same tags on the seed and all 483 evaluation briefings.
  tagger ??= winkNLP(model, ['pos']);
  const tokens = tagger.readDoc(text).tokens();
  const tagged = {
    words: tokens.out(),
    tags: tokens.out(tagger.its.pos),
    // wink-nlp's own typings declare its.lemma with a parameter its out() cannot pass; the call
    // is the documented one.
    lemmas: tokens.out(tagger.its.lemma as unknown as ItsFunction<string>),
  };
  cache.set(text, tagged);
  return tagged;
}

/** Forgets the kept answers: called as a briefing starts, so memory stays one briefing's. */
export function forgetTags(): void {
  cache.clear();
}
