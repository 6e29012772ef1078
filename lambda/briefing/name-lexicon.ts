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
    Senators Representatives Reps Sens Govs Ministers Presidents Leaders Lawmakers Officials
    Mullah Qari Maulvi Ayatollah Grand CEO Co-CEO Founder Staff`),
  /** Honorifics are stripped from names but are not a role on their own. */
  honorifics: words(
    'Mr Mrs Ms Mx Miss Sir Dame Lord Lady Dr Doctor Prof Rev Reverend Father Saint St Mullah Qari Maulvi',
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
    Interstate Route Trail Line Lines Fire Storm Hurricane Virus Variant Vaccine Award Medal
    Medicine Chiefs Security Examiner Outlook Report Reports Papers Experience Sector Convention
    Economics Business Insider Statistics Control Diseases Disease Authorization Restrictions
    Enforcement Consortium Chamber Workers Journalists Openings Emirate Order Misinformation
    Wire Beast Street Journal Permanente Biotherapeutics Pharma Therapeutics Sciences
    Research Policy Affairs Protection Safety Relations Development Management Enterprise Times
    Chronicle Gazette Observer Standard Daily Weekly Sun Star Today Online Politics Fact Check
    Axios Reuters Bloomberg Politico Vox Breitbart Newsmax Democracy Emergency Care Benefits
    Index Survey Census Budget Package Deal Summit Conference Talks Climate Energy
    Infrastructure Reform Crisis Pandemic Recovery Rescue Employment Labor Labour Trade
    Commerce Customs Immigration Border Patrol Homeland Justice Transportation Education Housing
    Veterans Agriculture Affairs Pass Apps App LLC Group Games Airlines Express Motors Women Men
    Children People Families Students Parents Jazeera`),
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
    Sixth Seventh Eighth Ninth Tenth Founding Big Why Breaking Exclusive Opinion Analysis
    Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Mon Tue Wed Thu Fri Sat Sun Team Effective
    Dear Update Updated Related Advertisement Sponsored Subscribe Several Given Long Moreover
    Furthermore Nevertheless Nonetheless Additionally Besides Likewise Similarly Otherwise
    Accordingly Consequently Therefore Thus Hence Indeed Afterward Afterwards`),
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
    inspector sheriff pastor bishop archbishop cardinal rabbi imam deputy head comedian podcaster
    councilor councillor councilman councilwoman lawmaker legislator congressman congresswoman
    co-ceo cfo coo president-elect physician doctor surgeon nurse officer owner investor
    billionaire entrepreneur executive strategist pollster consultant spokesperson superintendent
    principal teacher student whip supporter victim suspect gunman shooter rioter protester
    corporal soldier private gymnast athlete quarterback artist musician rapper writer novelist filmmaker director
    producer anchor presenter broadcaster critic moderator member whistleblower administrator
    commissioner secretary-general chairperson trustee treasurer justice magistrate marshal
    agent attorney-general solicitor barrister defender advocate organizer organiser`),
  /** Family ties that state who someone is in an appositive ("Jane Doe, the mother of…"). */
  kinHeads: words('father mother wife husband son daughter widow widower brother sister parent'),
  /** Lower-case words that may sit inside a role phrase ("White House press secretary"). */
  roleModifiers: words(`former then acting deputy vice senior junior top chief press foreign
    defense defence health interior finance state home opposition prime national security interim
    assistant associate executive general communications campaign party federal regional local
    majority minority house senate deputy-general longtime veteran outgoing incoming newly elected
    first medical special military chief-of-staff infectious disease public civil legal political
    economic principal managing financial operating technology information marketing district
    county city state's attorney-general`),
  /** Words after a name that make it the subject of its clause ("Biden met Putin"). */
  subjectVerbs: words(`said says say told tells added adds met has had have is was were are will
    would could should did does do can may might must also then later recalled warned accused
    rejected rejects called responded invited challenged used spoke asked insisted denied
    announced signed became took gave made went came wrote urged argued claimed noted explained
    stated replied declared tweeted posted shared launched ordered promised vowed pledged refused
    agreed decided tried wants wanted thinks thought believes believed knows knew sees saw met`),
  /**
   * Common given names: a capitalized pair that starts with one is a person ("Colin Powell"),
   * one that does not needs other evidence (a title, a speech verb, the surname alone).
   */
  givenNames:
    words(`Aaron Abby Abdul Abdullah Abe Abigail Abraham Adam Adrian Adriana Ahmad Ahmed Aidan Al Alan
    Albert Alberto Alec Alejandro Aleksandr Alex Alexander Alexandra Alexandria Alexei Alexey Ali
    Alice Alicia Alison Allen Allison Alyssa Aly Amanda Amber Amy Ana Anastasia Andre Andrea
    Andreas Andrew Andrés Andrzej Andy Angela Angelina Angus Anita Ann Anna Anne Annie Anthony
    Antonio Antony April Arnold Arthur Ashley Asa Austin Ayanna Barack Barbara Barry Ben Benjamin
    Bernard Bernie Beto Beth Betsy Betty Beverly Bill Billy Bob Bobby Bonnie Boris Brad Bradley
    Brandon Brenda Brendan Brent Brett Brian Bridget Britney Brittany Brooke Bruce Bryan Byron
    Caitlin Calvin Cameron Camilla Candace Carl Carla Carlos Carol Caroline Carolyn Carrie Casey
    Catherine Cathy Cecilia Chad Charles Charlie Charlotte Chelsea Cheryl Chris Christian
    Christina Christine Christopher Chuck Cindy Claire Clarence Claudia Clay Cliff Clint Colin
    Connie Connor Corey Cori Cory Courtney Craig Cristina Curtis Cynthia Dale Dan Dana Daniel
    Daniela Danielle Danny Darren Dave David Dean Deb Debbie Deborah Debra Denis Dennis Derek
    Devin Diana Diane Dianne Dick Dmitry Dmitri Dominic Don Donald Donna Doug Douglas Drew Dustin
    Dwayne Dylan Ed Eddie Edward Edwin Elaine Eleanor Elena Eli Elijah Elise Elizabeth Ella Ellen
    Elliot Elon Emily Emma Emmanuel Eric Erica Erik Erin Ernest Ethan Eugene Eva Evan Evelyn
    Fatima Felix Fernando Fiona Frances Francesca Francis Francisco Frank Franklin Fred Frederick
    Gabriel Gabrielle Gail Gary Gavin Gene George Georgia Gerald Gina Glenn Gloria Gordon Grace
    Graham Grant Greg Gregory Greta Hailey Haley Hank Hannah Harold Harriet Harris Harry Hassan
    Heather Heidi Helen Henry Herbert Hillary Holly Howard Hugh Hunter Ian Igor Ilhan Ilya Imran
    Irene Isaac Isabel Isabella Ivan Ivanka Jack Jackie Jackson Jacob Jacqueline Jake James Jamie
    Jan Jane Janet Janice Jared Jason Javier Jay Jean Jeanne Jeb Jeff Jeffrey Jen Jennifer Jenny
    Jeremy Jerome Jerrold Jerry Jesse Jessica Jill Jim Jimmy Jo Joan Joanna Joe Joel Johanna John
    Johnny Jon Jonathan Jordan Jorge Jose José Joseph Josh Joshua Joy Joyce Juan Judith Judy Julia
    Julian Julie Justin Kamala Karen Karin Karl Kate Katherine Kathleen Kathryn Kathy Katie Kay
    Keith Kelly Ken Kenneth Kevin Kim Kimberly Kirk Kris Kristen Kristi Kristin Kristina Kurt Kyle
    Kyrsten Lara Larry Laura Lauren Lawrence Leah Lee Leon Leonard Leslie Lester Liam Liz Linda
    Lindsay Lindsey Lisa Lloyd Lori Lorraine Louis Louise Lucas Lucy Luis Luke Lynn Madeleine
    Madison Maggie Marc Marco Marcus Margaret Maria Marie Marina Mario Marion Marjorie Mark Marsha
    Martha Martin Marty Mary Matt Matthew Maura Maureen Max Maxine Megan Meghan Melania Melanie
    Melissa Merrick Mia Michael Michelle Mick Miguel Mike Mikhail Miles Milton Mitch Mitt Mohamed
    Mohammad Mohammed Molly Monica Muhammad Nancy Naomi Natalie Natasha Nathan Neil Nick Nicholas
    Nicola Nicole Nikki Nina Noah Norman Olaf Oliver Olivia Omar Oscar Owen Pamela Pat Patricia
    Patrick Patty Paul Paula Pedro Peggy Penny Pete Peter Phil Philip Phillip Pierre Priti
    Rachel Rafael Ralph Rand Randy Raphael Ray Raymond Rebecca Reed Richard Rick Ricky Rishi Rita
    Rob Robert Roberta Roberto Robin Rochelle Rodney Roger Ron Ronald Ronny Rosa Rose Ross Roy
    Ruby Russell Ruth Ryan Sally Sam Samantha Samuel Sandra Sanjay Sara Sarah Scott Sean Sergei
    Sergey Seth Shannon Sharon Shawn Sheila Sheldon Shelley Sherrod Simon Simone Sonia Sophia
    Sophie Stacey Stacy Stanley Stella Stephanie Stephen Steve Steven Stuart Sue Susan Suzanne
    Sylvia Tammy Tanya Tara Ted Teresa Terry Theresa Thomas Tiffany Tim Timothy Tina Todd Tom
    Tommy Tony Tracy Travis Trevor Troy Tucker Tulsi Tyler Valerie Vanessa Vernon Veronica Victor
    Victoria Vincent Viktor Vivek Vladimir Volodymyr Walter Wayne Wendy Wesley Whitney William
    Willie Xavier Yasmin Yuri Zach Zachary Zoe`),
  /** Speech verbs that attribute a quotation. */
  speechVerbs: words(`said says told tells added adds recalled asked stated wrote writes explained
    noted continued insisted argued warned declared tweeted responded replied claimed remarked
    acknowledged admitted conceded cautioned suggested stressed emphasized emphasised observed
    complained joked quipped countered concluded announced`),
};

/** A title ("President", "Sen.") or a role word ("spokesman", "former"), in any case. */
export function isRoleWord(word: string): boolean {
  const bare = word.replace(/\.$/u, '');
  const lower = bare.toLowerCase();
  return (
    nameLexicon.titles.has(bare) ||
    nameLexicon.roleHeads.has(lower) ||
    nameLexicon.roleModifiers.has(lower)
  );
}

/** The speech verbs as one regular-expression alternation, for every module that looks for them. */
export const speechVerbPattern = `(?:${[...nameLexicon.speechVerbs].join('|')})`;

/** Every speech verb of a text, as whole words (for matchAll). */
export const SPEECH_VERB = new RegExp(`\\b${speechVerbPattern}\\b`, 'gu');
