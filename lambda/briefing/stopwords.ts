/**
 * English function words plus reporting verbs, the nouns of the reporting frame and day words.
 * Reporting verbs ("said", "told") and the frame around them ("in comments broadcast on
 * television", "told reporters", "in a statement") are in every news sentence, and outlets in
 * different time zones date one event differently, so leaving them in would make unrelated
 * sentences look similar (two different statements "broadcast on state television") and related
 * ones look different.
 */
export const stopwords: ReadonlySet<string> = new Set(
  `a about above after again against all almost also although always am among an and another any
  anyone anything are around as at away back be became because been before being below between both
  but by can cannot could did do does doing done down during each either else even ever every few
  for from further get gets got had has have having he her here hers herself him himself his how
  however i if in into is it its itself just last least less like made make many may me might more
  most much must my myself neither never no nor not now of off often on once one only onto or other
  others otherwise our ours ourselves out over own per perhaps quite rather really same several
  shall she should since so some such than that the their theirs them themselves then there these
  they this those though through thus to too toward towards under until up upon us very via was we
  well were what whatever when where whether which while who whom whose why will with within without
  would yet you your yours yourself yourselves
  said says say saying told tell tells added adding according asked also just new year years
  later earlier early monday tuesday wednesday thursday friday saturday sunday today yesterday
  comment comments remark remarks statement statements interview interviews broadcast broadcasts
  televised television tv reporters reporter briefing conference`
    .split(/\s+/)
    .filter(Boolean),
);
