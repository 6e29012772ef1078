const words = (list: string): ReadonlySet<string> => new Set(list.split(/\s+/).filter(Boolean));

/**
 * Word lists for telling people's names from other capitalized words without a tagger. They are
 * deliberately small and English-news shaped; the deeper briefing replaces this with an NER pass.
 */
export const nameLexicon = {
  /** Titles and honorifics that precede a name and are not part of it ("President Biden"). */
  titles: words(`President Vice Prime Minister Secretary Senator Sen Representative Rep Congressman
    Congresswoman Governor Gov Mayor Judge Justice General Gen Colonel Col Lieutenant Lt Captain Capt
    Sergeant Sgt Major Maj Admiral Adm Commander Officer Chancellor King Queen Prince Princess Pope
    Sheikh Emir Sultan Crown Ambassador Chief Director Commissioner Speaker Leader Chairman
    Chairwoman Chair Spokesman Spokeswoman Spokesperson Deputy Former Acting Attorney Sheriff
    Detective Inspector Agent Pastor Rev Reverend Father Bishop Archbishop Cardinal Rabbi Imam
    Professor Prof Dr Doctor Mr Mrs Ms Mx Miss Sir Dame Lord Lady Baroness Baron Dame MP Justice
    Then-President Then-Vice Coach Host Anchor Correspondent Editor Minister Premier Dictator
    Democrat Democrats Republican Republicans Democratic Conservative Labour Liberal Independent
    GOP Presidential Foreign Defense Defence Health Interior Treasury Finance State Home Press
    Senior Top Opposition Supreme Federal National Former Late Saint St Majority Minority Judges
    Senators Representatives Reps Sens Govs Ministers Presidents Leaders Lawmakers Officials`),
  /** Honorifics are stripped from names but are not a role on their own. */
  honorifics: words(
    'Mr Mrs Ms Mx Miss Sir Dame Lord Lady Dr Doctor Prof Rev Reverend Father Saint St',
  ),
  /** Nationality and demonym adjectives ("Russian President Vladimir Putin"). */
  demonyms: words(`American Americans British Briton Britons English Scottish Welsh Irish Russian
    Russians Ukrainian Ukrainians Chinese French German Germans Italian Spanish Japanese Korean
    Indian Pakistani Afghan Iranian Iraqi Israeli Israelis Palestinian Palestinians Syrian Turkish
    Saudi Egyptian Mexican Canadian Brazilian Australian European Europeans African Asian Arab
    Belarusian Polish Dutch Swedish Norwegian Danish Finnish Greek Cuban Venezuelan Colombian
    Argentine Nigerian Kenyan Ethiopian Taiwanese Vietnamese Filipino Soviet Western Eastern
    Northern Southern Crimean Native Kremlin Republican Democratic Muslim Christian Jewish Catholic
    US UK EU UN NATO`),
  /** Words that end organization and place names ("State Department", "European Union"). */
  orgHeads: words(`States State Kingdom Union Nations House Department Ministry Office Council
    Committee Commission Court Party Senate Congress Parliament Assembly Agency Service Services
    Bureau Institute Institution University College School Academy Studies Center Centre Hospital
    Clinic Company Corporation Group Foundation Association Organization Organisation Network News
    Times Post Journal Herald Tribune Guardian Telegraph Mail Express Review Magazine Press Radio
    Television TV Channel Bank Fund Reserve Exchange Market Street Avenue Road Square Bridge
    River Sea Ocean Island Islands Mountains Valley County City Town Province Region District
    Republic Federation Empire Church Cathedral Mosque Temple Airport Station Stadium Club League
    Cup Championship Games Olympics War Revolution Act Law Treaty Accord Agreement Plan Program
    Programme Project Administration Government Army Navy Force Forces Guard Police Command Camp
    Base Tower Palace Building Museum Library Gallery Festival Award Awards Prize Day Week
    Month Year Street Facebook Twitter Google Apple Amazon Microsoft Inc Ltd Corp Co Airlines
    Airways Motors Group Holdings Partners Capital Media Studio Studios Records Labs Technologies
    Pharmaceuticals Health Energy Oil Gas Coast Gulf Strait Peninsula Bay Lake Desert Forest
    Hills Heights Village Valley Coalition Alliance Movement Front Brigade Brigades Taliban
    Republicans Democrats Intelligence Embassy Consulate Mission Delegation Cabinet Secretariat
    Prosecutors Prosecutor Attorney Attorneys Judiciary Tribunal Authority Board Panel Caucus
    Assembly Monday Tuesday Wednesday Thursday Friday Saturday Sunday Eve Circuit Amendment
    Constitution Opinion Fathers Mothers Founders Avenue Memorial Monument Zone Border Wall Highway
    Interstate Route Trail Line Lines Fire Storm Hurricane Virus Variant Vaccine Award Medal`),
  /** First words of multi-word place names, never a first name. */
  placeStarts: words(`New North South East West Saint San Santa Los Las Hong Saudi Sri El Costa
    Puerto United Great Upper Lower Central Middle Far Near Greater Downing Wall Capitol White Red
    Black Pacific Atlantic Arctic Indian Persian Royal Holy Good Silicon`),
  /** Capitalized words that are not names at all. */
  nonNames: words(`The A An And Or But If When While After Before Since As At In On Of For From
    To By With Without About Into Over Under This That These Those There Here Then Than Now Also
    Yet Still However Meanwhile Although Though Because Despite During Between Among Against Both
    Each Every Some Many Most More Much Such Other Another One Two Three Four Five Six Seven Eight
    Nine Ten It Its He She His Her They Their Them We Our You Your I My Me Us What Who Whom Whose
    Which Where Why How Do Does Did Is Are Was Were Be Been Has Have Had Will Would Could Should
    May Might Must Can Not No Yes Asked Later Earlier Last Next Today Yesterday Tomorrow Tonight
    January February March April May June July August September October November December
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday Mr Mrs Ms Dr God Covid COVID
    Coronavirus Internet Web Read Watch Listen Click Sign Download Photo Image Video Getty Images
    According Among Amid Following Under Like Unlike Just Only Even Instead Here Please Thanks
    Thank Happy Christmas Easter Ramadan Halloween Thanksgiving First Second Third Fourth Fifth
    Sixth Seventh Eighth Ninth Tenth Founding Big Why Breaking Exclusive Opinion Analysis`),
  /** Titles that are also common surnames ("Carole King", "John Major"): allowed inside a name. */
  surnameTitles: words(
    'King Major Bishop Pope Prince Judge Cardinal Chancellor Sheriff Marshal Abbott',
  ),
  /** Heads of a role phrase directly before a name ("Kremlin spokesman Dmitry Peskov"). */
  roleHeads: words(`president vice-president leader spokesman spokeswoman spokesperson secretary
    minister ambassador senator governor mayor chancellor professor director chief chairman
    chairwoman chair officer judge justice general commander analyst lawyer attorney prosecutor
    correspondent editor reporter economist official adviser advisor aide envoy diplomat ceo
    founder host coach prince king queen pope mp representative rep sen gov speaker candidate
    nominee premier strongman dictator activist actor actress singer player striker manager
    researcher scientist expert fellow historian author journalist commentator columnist
    counsel negotiator monarch emir sheikh colonel captain sergeant lieutenant admiral detective
    inspector sheriff pastor bishop archbishop cardinal rabbi imam deputy head`),
  /** Lower-case words that may sit inside a role phrase ("White House press secretary"). */
  roleModifiers: words(`former then acting deputy vice senior junior top chief press foreign
    defense defence health interior finance state home opposition prime national security interim
    assistant associate executive general communications campaign party federal regional local
    majority minority house senate deputy-general longtime veteran outgoing incoming newly elected
    first`),
  /** Words after a name that make it the subject of its clause ("Biden met Putin"). */
  subjectVerbs: words(`said says say told tells added adds met has had have is was were are will
    would could should did does do can may might must also then later recalled warned accused
    rejected rejects called responded invited challenged used spoke asked insisted denied
    announced signed became took gave made went came wrote urged argued claimed noted explained
    stated replied declared tweeted posted shared launched ordered promised vowed pledged refused
    agreed decided tried wants wanted thinks thought believes believed knows knew sees saw met`),
  /** Speech verbs that attribute a quotation. */
  speechVerbs: words(`said says told tells added adds recalled asked stated wrote writes explained
    noted continued insisted argued warned declared tweeted responded replied claimed remarked
    acknowledged admitted conceded cautioned suggested stressed emphasized emphasised observed
    complained joked quipped countered concluded announced`),
};
