// Word banks for generated demo threads and comments. All text is composed here
// from these fragments; nothing is taken from real pages.

export const SECTIONS = ["politics", "economy", "region", "culture", "climate"] as const;

export const HEADLINE_SUBJECTS = [
  "City council", "Port authority", "Finance ministry", "Regional governors", "Harbour workers' union",
  "Transit board", "School trustees", "Energy regulator", "Fisheries office", "Housing agency",
  "Coastal towns", "Chamber of commerce", "Health authority", "Rail operator", "Water board",
];
export const HEADLINE_VERBS = [
  "weighs", "rejects", "backs", "delays", "unveils", "questions", "doubles", "freezes", "reviews", "defends",
];
export const HEADLINE_OBJECTS = [
  "new tariff on imported steel", "plan to widen the ring road", "budget for rural clinics",
  "offshore wind licences", "rent controls in the old town", "ferry fare increase",
  "school closure proposal", "fishing quota deal", "airport expansion", "flood defence spending",
  "night bus cuts", "tax relief for small farms", "merger of two hospitals", "stadium subsidy",
  "water price review",
];

export const TOPICS = [
  "the tariff", "the budget", "this plan", "the quota deal", "the rent rules", "the expansion",
  "the subsidy", "the new licences", "the closures", "the fare increase", "the reform", "the review",
];

export const NAME_STARTS = [
  "Ha", "Ki", "Lo", "Ma", "Ne", "Or", "Pe", "Ru", "Sa", "Ta", "Ul", "Ve", "Wi", "Yo", "Ze", "Bri", "Cor", "Del",
  "Fen", "Gil", "Isa", "Jun", "Kel", "Mor", "Nad", "Pia", "Quin", "Ros", "Sol", "Tam",
];
export const NAME_ENDS = [
  "na", "ro", "lin", "ko", "mi", "del", "ra", "son", "vik", "tte", "lla", "ny", "rin", "mar", "sha", "to",
];
export const HANDLE_SUFFIXES = ["", "", "", "_77", "42", "_reader", "_b", "2019", "_north", "x"];

export const OPENERS_POSITIVE = [
  "Great piece, thank you for laying out {topic} so clearly.",
  "This is the most balanced take on {topic} I have read this week.",
  "Really helpful reporting, I learned a lot about {topic}.",
  "Excellent work by the reporter, the numbers on {topic} are impressive.",
  "Good to see {topic} explained without the usual spin.",
];
export const OPENERS_NEUTRAL = [
  "Does anyone know when the vote on {topic} is scheduled?",
  "The figures in the third paragraph differ from last year's report on {topic}.",
  "I would like to see the full text of {topic} before making up my mind.",
  "How will {topic} be funded after the first two years?",
  "There was a public meeting about {topic} on Tuesday at the library.",
];
export const OPENERS_NEGATIVE = [
  "I am disappointed the article ignores what {topic} will cost families.",
  "Sadly {topic} will hurt small businesses in the harbour district.",
  "This is a bad idea and {topic} has failed everywhere it was tried.",
  "Nobody asked the residents before pushing {topic} through.",
  "I worry that {topic} will make the housing problem worse.",
];
export const OPENERS_UNCIVIL = [
  "Only an idiot would believe this nonsense about {topic}.",
  "You clearly have no clue what {topic} means, get lost.",
  "Shut up and read the article, moron.",
  "What a pathetic excuse for journalism about {topic}.",
  "Typical clueless councillors, they are all liars and cowards.",
  "Are you stupid or just paid to defend {topic}?",
  "This is garbage and so are the fools who wrote it.",
];
export const OPENERS_THREAT = [
  "People who push {topic} should watch your back.",
  "Keep defending {topic} and you will pay for it.",
];
export const FOLLOW_UPS = [
  "The council should publish the consultation results.",
  "My neighbours feel the same way.",
  "Let's see what happens at the next election.",
  "I hope the paper follows up on this.",
  "The opposition has not offered anything better either.",
  "It would help to compare with what other cities did.",
  "Ten years ago we heard the same promises.",
];
export const REPLY_AGREE = ["Agreed, well said.", "Exactly right.", "Fair point, I had not thought of that."];
export const REPLY_DISAGREE = [
  "I don't think that is true at all.",
  "That is not what the report says.",
  "You are missing the bigger picture here.",
];
export const REPLY_HOSTILE = [
  "You are an idiot, stop posting.",
  "Nobody cares what you think, troll.",
  "Grow up and get a life.",
  "You people are pathetic.",
  "SHUT UP ALREADY, YOU CLEARLY KNOW NOTHING.",
];
