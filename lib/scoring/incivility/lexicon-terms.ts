import type { Attribute } from "../types";

/** A lexicon attribute: everything but shouting, which is measured from capitals. */
export type LexiconAttribute = Exclude<Attribute, "shouting">;

/**
 * Hand-written attribute lexicon: words and phrases with the probability that one
 * occurrence alone makes a comment uncivil. A trailing `*` matches any ending
 * ("idiot*" → idiots, idiotic). The trained model learns how much each attribute
 * counts; these weights are its prior and name the attribute of each span.
 */
export const ATTRIBUTE_TERMS: Record<LexiconAttribute, Readonly<Record<string, number>>> = {
  insult: {
    "idiot*": 0.75, "moron*": 0.8, "imbecile*": 0.8, "cretin*": 0.8, "stupid*": 0.6, dumb: 0.55, dumber: 0.55,
    dumbest: 0.6, "dumbass*": 0.8, fool: 0.5, fools: 0.5, foolish: 0.35, "clown*": 0.5, "loser*": 0.55,
    "halfwit*": 0.75, "nitwit*": 0.7, "dimwit*": 0.7, "numbskull*": 0.7, "scum*": 0.8, "liar*": 0.55,
    "hypocrite*": 0.5, "coward*": 0.5, "troll*": 0.45, "jerk*": 0.55, ignorant: 0.45, ignoramus: 0.7,
    arrogant: 0.35, pathetic: 0.45, brainwashed: 0.5, "shill*": 0.5, "bully-boy": 0.35, "buffoon*": 0.6,
    "dolt*": 0.65, dunce: 0.65, "sheep*": 0.3, "lunatic*": 0.5, "nutjob*": 0.65, "nutcase*": 0.65, "wacko*": 0.6,
    "pig": 0.45, "pigs": 0.45, "rat": 0.35, "snake": 0.35,
    "sleazebag*": 0.75, "scumbag*": 0.8, "lowlife*": 0.75, "degenerate*": 0.65, "deplorable*": 0.4,
    "libtard*": 0.8, "retard*": 0.8, "twit*": 0.55, "crybaby": 0.55, "snowflake*": 0.45, "bigot*": 0.45,
    "racist*": 0.35, "traitor*": 0.45, "pinhead*": 0.7, "dope": 0.4, "blockhead*": 0.7, "clueless": 0.45,
    "nincompoop*": 0.7, "simpleton*": 0.7, "dunderhead*": 0.7, "peabrain*": 0.7, "pea-brained": 0.7, "birdbrain*": 0.7,
    "lamebrain*": 0.7, dimwitted: 0.7, halfwitted: 0.7, "bonehead*": 0.65, "knucklehead*": 0.6, "airhead*": 0.6,
    "meathead*": 0.6, "dimbulb*": 0.65, "dingbat*": 0.6, doofus: 0.65, "bozo*": 0.55, "twerp*": 0.6, "schmuck*": 0.6,
    putz: 0.6, "dork*": 0.5, prat: 0.6, prats: 0.6, numpty: 0.6, numpties: 0.6, "plonker*": 0.6, "tosser*": 0.8,
    "pillock*": 0.65, "muppet*": 0.45, dummy: 0.35, dummies: 0.35, "crackpot*": 0.5, loony: 0.5, loonies: 0.5,
    "nutter*": 0.6, "wingnut*": 0.55, "moonbat*": 0.6, "sicko*": 0.6, psycho: 0.5, psychos: 0.5, creep: 0.4, creeps: 0.4,
    "weasel*": 0.4, "parasite*": 0.4, leech: 0.35, leeches: 0.35, "sycophant*": 0.45, "lackey*": 0.4, "stooge*": 0.45,
    "charlatan*": 0.45, thug: 0.4, thugs: 0.4, crook: 0.4, crooks: 0.4,
    "conservatard*": 0.8, "leftard*": 0.8, "rightard*": 0.8, "trumptard*": 0.8, "rethuglican*": 0.7, "repugnican*": 0.7,
    "dumbocrat*": 0.7, "demonrat*": 0.7, "democrap*": 0.7, "lieberal*": 0.6, "feminazi*": 0.7, "commie*": 0.5,
    "pinko*": 0.5, "cuck*": 0.6, "bootlicker*": 0.6, "fascist*": 0.35, "nazi*": 0.35,
    "tree hugger*": 0.4, "treehugger*": 0.4, "bleeding heart*": 0.35, "sjw*": 0.5, "social justice warrior*": 0.5,
    "redneck*": 0.6, "hillbill*": 0.55, "teabagger*": 0.7, "truther*": 0.35, "denier*": 0.3, "warmist*": 0.4,
    "lapdog*": 0.5, "puppet*": 0.3, "zealot*": 0.35, "fanatic*": 0.35, "hater*": 0.4,
  },
  profanity: {
    "fuck*": 0.85, "frigging": 0.4, "fck*": 0.8, "fuk*": 0.8, "shit*": 0.7, "bullshit*": 0.7, "horseshit*": 0.7, "batshit": 0.6, "apeshit": 0.6, "chickenshit*": 0.7, "dipshit*": 0.85, "jackass*": 0.75, "crap*": 0.45, "bastard*": 0.75,
    "bitch*": 0.8, "asshole*": 0.85, "arsehole*": 0.85, "ass": 0.5, "arse": 0.5, "damn*": 0.3, "goddamn*": 0.45,
    "piss*": 0.5, wtf: 0.5, stfu: 0.85, "dick": 0.6, "dickhead*": 0.85, "cunt*": 0.9, "prick*": 0.6,
    "douche*": 0.7, "motherf*": 0.9, "twat*": 0.85, "wanker*": 0.85, "bollocks": 0.55, "screw you": 0.7,
    "hell": 0.15, "sucks": 0.35, "suck": 0.3,
    "dumbshit*": 0.85, "turd*": 0.65, "a-hole*": 0.8, "biatch": 0.7, "wank*": 0.7, "bellend*": 0.8, "knobhead*": 0.8,
    "cocksucker*": 0.9, "butthead*": 0.6, "butthurt": 0.5, "frickin*": 0.35, "bugger": 0.5, "sod off": 0.7,
  },
  threat: {
    "kill you": 0.9, "hope you die": 0.9, "deserve to die": 0.85, "should be shot": 0.9, "should be hanged": 0.9,
    "should be killed": 0.9, "watch your back": 0.8, "beat you": 0.7, "hunt you down": 0.9, "find where you live": 0.85,
    "know where you live": 0.85, "you will pay": 0.5, "string them up": 0.85, "line them up": 0.6, "i will hurt": 0.8, "slit your": 0.95, "burn you": 0.8,
    "you're dead": 0.8, "you are dead": 0.8, "kill them all": 0.9, "shoot them": 0.85, "hang them": 0.85,
  },
  identityAttack: {
    "subhuman*": 0.85, vermin: 0.7, "go back to your country": 0.85, "go back where you came from": 0.85,
    "your kind": 0.5, "these people": 0.25, savages: 0.7, "inferior race*": 0.9, "towelhead*": 0.9,
    "raghead*": 0.9, "wetback*": 0.9, "nigger*": 0.95, "nigga*": 0.6, "faggot*": 0.9, "fag": 0.8,
    "fags": 0.8, "dyke*": 0.7, "tranny": 0.7, "kike*": 0.95, "spic": 0.85, "spics": 0.85, "chink*": 0.85,
    "gook*": 0.9, "paki": 0.85, "pakis": 0.85, "mongrel*": 0.7, "infest*": 0.45, "invaders": 0.4, "hoe": 0.6,
    "hoes": 0.6, "whore*": 0.75, "slut*": 0.75,
  },
  hostility: {
    "shut up": 0.6, "get lost": 0.55, "nobody cares": 0.5, "no one cares": 0.5, "who cares": 0.3,
    "total ignorance": 0.5, nonsense: 0.3, garbage: 0.4, laughable: 0.35, ridiculous: 0.3, "what a joke": 0.45,
    "you people": 0.45, "get a life": 0.5, "grow up": 0.4, insulting: 0.3, "give me a break": 0.4, "spare us": 0.4, "get real": 0.4,
    "wake up": 0.25, "go away": 0.5, "piss off": 0.75, "bugger off": 0.7, "f off": 0.8, "talking out of": 0.5,
    "hogwash": 0.45, "rubbish": 0.35, "pure propaganda": 0.45, "brain dead": 0.6, "braindead": 0.6,
    "how dare": 0.35, "disgusting": 0.35, "despicable": 0.45,
    "vile": 0.45, "pathological": 0.35, "delusional": 0.45, "moronic": 0.7, "idiotic": 0.7, "asinine": 0.6,
    // Condescension and dismissal without rude words.
    "no idea what": 0.45, "have no clue": 0.45, "get a clue": 0.5, "not a clue": 0.4, "do your homework": 0.4,
    "do some research": 0.35, "educate yourself": 0.45, "learn to read": 0.55, "try reading": 0.4, "read the article": 0.3,
    "look it up": 0.3, "nice try": 0.35, "keep telling yourself": 0.5, "whatever you say": 0.4, "bless your heart": 0.4,
    "you clearly": 0.3, "you obviously": 0.3, "you don't understand": 0.35, "you don't get it": 0.4,
    "you just don't": 0.35, "typical liberal": 0.45, "typical conservative": 0.45, "sheeple": 0.6, "kool-aid": 0.4,
    "tin foil": 0.4, "tinfoil": 0.4, "drivel": 0.45, "claptrap": 0.45, "twaddle": 0.45, "blather*": 0.4, "spew*": 0.35,
    "rant*": 0.3, "whine*": 0.35, "whining": 0.35, "pompous": 0.35, "smug": 0.35, "condescending": 0.3,
    "ignorance": 0.35, "gullible": 0.4, "naive": 0.25, "brainless": 0.65, "mindless": 0.45, "idiocy": 0.6,
    "stupidity": 0.55, "lies": 0.3, "lying": 0.35,
  },
};
