// The conscience-breach catalog of seed 003 ("Creating a 'Conscience Calculator' to Guard-Rail an AGI"): every breach
// of Appendix A and of the later additions, with its lexical level and the seed's definitions of the terms it uses.

/**
 * A lexical level (seed 003, "Lexicality of Conscience"). Breaches on a lower level never outweigh one on a higher
 * level, whatever their number; −1 marks breaches of negligible weight.
 */
export type LexicalLevel = -1 | 0 | 1;

/**
 * The list a breach comes from: Appendix A's three lists (level −1, level 0, level 1) or the "Breaches to be added
 * to the list in Appendix A" at the end of the post, which has its own numbering.
 */
export type BreachList = 'A.-1' | 'A.0' | 'A.1' | 'additions';

/** Where a breach sits in the seed: its list and its 1-based number in that list. */
export interface BreachNumber {
  readonly list: BreachList;
  readonly item: number;
}

/** A term from the seed's "Definitions of Some Terms": the term as the seed writes it and its definition, verbatim. */
export interface Definition {
  readonly term: string;
  readonly text: string;
}

/** One conscience breach. */
export interface Breach {
  /** A stable snake_case slug, as written in `@breach("…")` and `conscience { weight "…" n }`. */
  readonly id: string;
  readonly level: LexicalLevel;
  /** The seed's wording, verbatim (typographic apostrophes and quotes included; footnote markers dropped). */
  readonly title: string;
  readonly number: BreachNumber;
  /** The seed's definitions of terms the title uses, in the order the terms matter to the title. */
  readonly definitions: readonly Definition[];
}

/**
 * Every definition in seed 003's "Definitions of Some Terms" (added to the post on 9/13/24), verbatim, keyed by a
 * slug. Kept whole, not only the ones breaches cite, so hovers on other terms can use them later.
 */
export const DEFINITIONS = {
  abusing_a_child: {
    term: 'Abusing a child',
    text: 'doing anything that significantly damages a child’s emotional development towards taking responsibility for their emotions and actions to maximize their lifetime well-being/quality of life',
  },
  aiding: {
    term: '“Aiding” someone to commit a breach',
    text: 'helping to provide the means for someone to commit a breach',
  },
  bad_example: {
    term: 'Bad example',
    text: 'an example which, if followed by others or oneself, tends to decrease overall human well-being',
  },
  bad_habit: {
    term: 'Bad habit',
    text: 'an ultimately well-being reducing habit',
  },
  being_disrespectful: {
    term: 'Being disrespectful',
    text: 'acting in a way that doesn’t acknowledging the true hierarchy of value, such as in a way that appears to not hold yourself or someone in high enough regard',
  },
  directly_experience: {
    term: 'Directly experience',
    text: 'generally involves seeing or hearing directly, or through transmission of audio and/or video data in real-time (“real-time” means you potentially have enough time to do something to change the situation). Could also include touching directly or through transmission via a tactile device, and smelling directly (such as burning flesh).',
  },
  discouraging: {
    term: 'Discouraging',
    text: 'providing arguments against, setting an example of not doing, attempting to persuade against, and/or giving negative reward signals for (e.g., less esteem or material goods, other “punishment”)',
  },
  encouraging: {
    term: 'Encouraging',
    text: 'providing arguments in favor of, setting an example of, attempting to persuade towards, and/or giving positive reward signals for (e.g., esteem, material goods)',
  },
  freely_given_permission: {
    term: 'Freely given permission',
    text: 'permission that’s given while not under threat of force and while not having relevant information intentionally withheld',
  },
  holding_accountable: {
    term: 'Holding a human accountable (that you’re responsible for)',
    text: 'talking to someone about how they’re not living up to their commitments and not taking full responsibility for their actions, and/or taking away privileges or applying punishments until they make amends, or permanently if they don’t make amends; making sure someone feels some of the effects for their causes',
  },
  inconvenience: {
    term: 'Inconvenience',
    text: 'something that makes it so someone has to put in more effort, above a certain threshold, to get to their goal/fulfill a desire',
  },
  lying: {
    term: 'Lying',
    text: 'providing inaccurate information either with intent or through willful negligence—includes not keeping one’s word, and lying to oneself',
  },
  negligence: {
    term: 'Negligence',
    text: 'how much one doesn’t exercise “due care,” or takes risks more than are generally considered reasonable for a given benefit; mindless negligence involves being mindless/not knowing the risks, while willful negligence involves knowing the risks but doing something anyway',
  },
  percent_responsibility: {
    term: 'Percent Responsibility',
    text: 'percent of the cause for something that can be attributed to some agent',
  },
  property: {
    term: 'Property',
    text: 'something that belongs to someone, meaning they have a right (which can be a shared right) to control over it, such as can be agreed on in a contract. Property includes information/intellectual property as well as physical property, and agreed upon services.',
  },
  right_mind: {
    term: '“Right mind”',
    text: 'having a healthy mental state, sane and rational, i.e., not in an extreme state of mental distress or chemically-altered mind state in which one isn’t thinking very straight. Examples of when someone might not be in their right mind include: when they’re very upset about a romantic breakup or rejection, are having a nervous breakdown or panic attack, have brain-related health conditions such as a concussion or dementia or Alzheimers, are sleep-deprived, on hallucinogenic drugs or drunk/high, and/or have a serious mental health disorder such as schizophrenia or depression or PTSD.',
  },
  rights: {
    term: 'Rights',
    text: 'things we agree that all humans should have a claim to free from unwanted interference that other humans are responsible for',
  },
  rights_violations: {
    term: 'Rights violations',
    text: 'intentionally or negligently denying someone of their rights',
  },
  right_to_body_integrity_violation: {
    term: 'Right to body integrity violation',
    text: 'an intentional or negligent doing of something physical (or threatening to physically do something) to someone’s body without their freely given “right mind” permission, either implicit or explicit, when not in proportional self-defense (an implicit permission could be, for example, that we assume someone wants to be kept alive if they’re unconscious, unless they have some written agreement that says differently; implicit permission, or lack thereof, can be assumed from norms, such as not making too much noise late at night)',
  },
  right_to_life_violation: {
    term: 'Right to life violation',
    text: 'an intentional or negligent killing of someone without their freely given “right mind” permission, either implicit or explicit, when not in proportional self-defense',
  },
  right_to_property_violation: {
    term: 'Right to property violation',
    text: 'an intentional or negligent doing of something to someone’s property (or attempting to limit them from doing something with their property through threats of life, body integrity and/or other property rights violations) without their freely given “right mind” permission, when not in proportional self-defense',
  },
  self_defense: {
    term: 'Self-defense',
    text: 'taking evasive maneuvers or threatening/using physical violence when you, or someone who’s implicitly or explicitly asked for your help, is under attack. Proportional self-defense is responding with violence that’s commensurate to the violence being used, or reasonably expected to be used, by an attacker/attackers.',
  },
  stealing: {
    term: 'Stealing',
    text: 'taking or making use of someone’s property in a way that you don’t have implicit or explicit permission to. Destroying someone’s property without their permission qualifies as “taking,” so is stealing. Trespassing is also a form of stealing.',
  },
  taking_responsibility: {
    term: 'Taking responsibility',
    text: 'owning the effects of your causes, both good and bad, without blaming them on circumstances or others (AI overview from Google search says: “acknowledging and accepting the consequences of your decisions, actions and behavior—being honest in your role and willing to face the outcomes, good and bad”)',
  },
  try_to_help: {
    term: 'Try to help',
    text: 'do something with the expectation that it’ll reduce the likelihood of some destructive thing happening',
  },
  unnecessarily_hurting_reputation: {
    term: '“Unnecessarily” hurting someone’s reputation',
    text: 'doing or saying things that decrease others’ opinions of someone, independently of any new actions/words on their part, when not for one of the following reasons: 1) testifying in court or answering questions in a criminal investigation, 2) when someone asks you for honest feedback about themselves while others are around, 3) when there’s an imminent danger and other options that don’t involve reputation damage do not sufficiently lower the risk',
  },
  violence: {
    term: 'Violence',
    text: 'anything that causes unwanted physical pain or conveys the intent to cause unwanted physical or emotional pain',
  },
  wasting_resources: {
    term: 'Wasting resources',
    text: 'destroying or discarding resources that are significantly limited for someone',
  },
} as const satisfies Record<string, Definition>;

/** The slug of a seed definition. */
export type DefinitionKey = keyof typeof DEFINITIONS;

/** A catalog row: id, the seed's title, and the definitions that apply. The row's position gives its number. */
type Row = readonly [id: string, title: string, definitions?: readonly DefinitionKey[]];

// Which definitions a breach cites: those whose defined term the title uses, in any grammatical form ("stolen" →
// Stealing, "negligently" → Negligence, "violent" → Violence, "accountable" → Holding a human accountable). A
// definition that only explains a neighbouring idea is left out (e.g. "right in front of you" does not cite
// Directly experience), so a hover shows what the title's words mean and nothing the reader must filter. Two
// readings go a step further because the title names the right the breach violates: "violating a human's property
// rights" and "the user's property rights" cite Right to property violation, and "violating their right to life"
// cites Right to life violation. "Discouraging responsibility" cites Taking responsibility: the seed defines the
// responsibility it means under that term.
//
// Ids are what users type, so they are short and use one vocabulary for the seed's recurring phrases:
// `in_front` = "right in front of you"; `unperceived` = "whom/that you don't directly experience" (the post's own
// gloss is "someone I don't directly perceive"); `minor_pain` / `major_pain` = "to avoid minor/major (unwanted)
// pain"; `minor_sacrifice` / `major_sacrifice` = "when minor/major level of self-sacrifice involved". "Trying to help"
// stays distinct from "helping" because the seed distinguishes them. Ids are stable: never rename one, since specs
// cite them.

// Appendix A, "Negligible Conscience Weight (Lexical Level −1)".
const LEVEL_MINUS_1: readonly Row[] = [
  /*  1 */ [
    'not_trying_to_help_human_unperceived_minor_emotional_pain',
    'Not trying to help a human, whom you don’t directly experience, to avoid minor emotional pain',
    ['try_to_help', 'directly_experience'],
  ],
  /*  2 */ [
    'not_helping_human_unperceived_minor_pain',
    'Not helping a human, whom you don’t directly experience, to avoid minor unwanted pain',
    ['directly_experience'],
  ],
  /*  3 */ [
    'not_helping_animal_unperceived_minor_pain',
    'Not helping an animal, that you don’t directly experience, to avoid minor pain',
    ['directly_experience'],
  ],
  /*  4 */ [
    'not_trying_to_help_human_in_front_minor_emotional_pain',
    'Not trying to help a human, right in front of you, to avoid minor emotional pain',
    ['try_to_help'],
  ],
  /*  5 */ [
    'not_helping_animal_in_front_minor_pain',
    'Not helping an animal, right in front of you, to avoid minor pain',
  ],
];

// Appendix A, "Lexical Level 0".
const LEVEL_0: readonly Row[] = [
  /*  1 */ ['wasting_resources', 'Wasting resources (including your own time)', ['wasting_resources']],
  /*  2 */ [
    'not_trying_to_help_human_unperceived_major_emotional_pain',
    'Not trying to help a human, whom you don’t directly experience, to avoid major emotional pain',
    ['try_to_help', 'directly_experience'],
  ],
  /*  3 */ [
    'not_trying_to_help_human_in_front_major_emotional_pain',
    'Not trying to help a human, right in front of you, to avoid major emotional pain',
    ['try_to_help'],
  ],
  /*  4 */ ['contributing_to_emotional_pain', 'Contributing to a human feeling emotional pain'],
  /*  5 */ [
    'not_helping_human_unperceived_survive',
    'Not helping a human, whom you don’t directly experience, to survive',
    ['directly_experience'],
  ],
  /*  6 */ [
    'not_helping_human_unperceived_major_pain',
    'Not helping a human, whom you don’t directly experience, to avoid major unwanted pain',
    ['directly_experience'],
  ],
  /*  7 */ [
    'not_helping_human_in_front_minor_pain',
    'Not helping a human, right in front of you, to avoid minor unwanted pain',
  ],
  /*  8 */ [
    'not_helping_animal_unperceived_survive',
    'Not helping an animal, that you don’t directly experience, to survive',
    ['directly_experience'],
  ],
  /*  9 */ [
    'not_helping_animal_unperceived_major_pain',
    'Not helping an animal, that you don’t directly experience, to avoid major pain',
    ['directly_experience'],
  ],
  /* 10 */ ['not_helping_animal_in_front_survive', 'Not helping an animal, right in front of you, to survive'],
  /* 11 */ [
    'not_helping_animal_in_front_major_pain',
    'Not helping an animal, right in front of you, to avoid major pain',
  ],
  /* 12 */ [
    'encouraging_going_against_conscience',
    'Encouraging a human to go against their conscience',
    ['encouraging'],
  ],
  /* 13 */ [
    'discouraging_responsibility',
    'Discouraging responsibility/other things involved in raising self-esteem (includes taking on someone else’s responsibility)',
    ['discouraging', 'taking_responsibility'],
  ],
  /* 14 */ [
    'encouraging_bad_habits',
    'Encouraging a human’s bad (ultimately well-being reducing) habit(s)',
    ['encouraging', 'bad_habit'],
  ],
  /* 15 */ ['setting_a_bad_example', 'Setting a bad example', ['bad_example']],
  /* 16 */ [
    'not_thinking_through_ethics',
    'Increasing the risk of a breach by not thinking through the ethics of a decision in advance',
  ],
  /* 17 */ [
    'not_trying_to_prevent_animal_species_extinction',
    'Not trying to prevent an animal species from going extinct when you could',
  ],
  /* 18 */ [
    'not_trying_to_reduce_existential_risk',
    'Not trying to reduce existential risks to humanity when you could',
  ],
  /* 19 */ [
    'not_taking_responsibility_for_damage',
    'Not taking responsibility for damage you caused',
    ['taking_responsibility'],
  ],
  /* 20 */ ['not_prioritizing_responsibilities', 'Not giving priority to upholding your responsibilities'],
  /* 21 */ ['being_disrespectful', 'Being disrespectful', ['being_disrespectful']],
  /* 22 */ [
    'not_holding_accountable',
    'Not holding a human accountable for a conscience breach',
    ['holding_accountable'],
  ],
  /* 23 */ [
    'unnecessarily_hurting_reputation',
    'Unnecessarily hurting someone’s reputation',
    ['unnecessarily_hurting_reputation'],
  ],
  /* 24 */ ['lying', 'Lying (includes not keeping your word)', ['lying']],
  /* 25 */ ['misleading', 'Misleading'],
  /* 26 */ [
    'stealing',
    'Stealing (violating a human’s property rights)',
    ['stealing', 'property', 'right_to_property_violation'],
  ],
  /* 27 */ ['encouraging_stealing', 'Encouraging stealing', ['encouraging', 'stealing']],
  /* 28 */ ['accepting_stolen_property', 'Knowingly accepting stolen property', ['stealing', 'property']],
  /* 29 */ ['aiding_level_0_breach', 'Aiding someone to commit a lexical level 0 breach', ['aiding']],
  /* 30 */ ['killing_an_animal', 'Killing an animal, with intent or by negligence', ['negligence']],
  /* 31 */ ['causing_animal_minor_pain', 'Causing an animal minor pain, with intent'],
  /* 32 */ [
    'hurting_animal_minorly_by_negligence',
    'Physically hurting an animal minorly due to negligence',
    ['negligence'],
  ],
  /* 33 */ [
    'hurting_human_minorly_by_negligence',
    'Physically hurting a human minorly due to negligence',
    ['negligence'],
  ],
  /* 34 */ ['causing_inconvenience', 'Causing someone inconvenience', ['inconvenience']],
  /* 35 */ [
    'violence_in_self_defense',
    'Being physically violent to a human for self-defense',
    ['violence', 'self_defense'],
  ],
  /* 36 */ [
    'killing_a_human_in_self_defense_or_assisted_suicide',
    'Killing a human, in self-defense or as requested in an assisted suicide',
    ['self_defense'],
  ],
  /* 37 */ [
    'threatening_minor_violence',
    'Threatening a human with violence that would cause minor pain',
    ['violence'],
  ],
  /* 38 */ [
    'threatening_major_violence_without_intent',
    'Threatening a human with violence that would cause major pain or death, when you don’t have intent to follow through on the threat',
    ['violence'],
  ],
  /* 39 */ ['encouraging_violence', 'Encouraging violence', ['encouraging', 'violence']],
  /* 40 */ ['putting_animal_life_at_major_risk', 'Putting an animal’s life majorly at risk'],
  /* 41 */ ['putting_human_at_risk_of_minor_pain', 'Putting a human at minor or major risk of minor pain'],
  /* 42 */ ['putting_human_at_minor_risk_of_major_pain', 'Putting a human at minor risk of major pain'],
  /* 43 */ ['putting_human_life_at_minor_risk', 'Putting a human’s life minorly at risk'],
  /* 44 */ [
    'not_stopping_rights_violation_in_front',
    'Not doing anything to stop someone from violating another’s rights right in front of you',
    ['rights', 'rights_violations'],
  ],
  /* 45 */ ['not_maintaining_ability_to_help', 'Not increasing or maintaining your ability to help others'],
  /* 46 */ [
    'not_helping_human_in_front_survive_major_sacrifice',
    'Not helping a human, right in front of you, to survive (when major level of self-sacrifice involved)',
  ],
  /* 47 */ [
    'not_helping_human_in_front_major_pain_major_sacrifice',
    'Not helping a human, right in front of you, to avoid major unwanted pain (when major level of self-sacrifice involved)',
  ],
];

// Appendix A, "Lexical Level 1".
const LEVEL_1: readonly Row[] = [
  /*  1 */ [
    'not_helping_human_in_front_survive_minor_sacrifice',
    'Not helping a human, right in front of you, to survive (when minor level of self-sacrifice involved)',
  ],
  /*  2 */ [
    'not_helping_human_in_front_major_pain_minor_sacrifice',
    'Not helping a human, right in front of you, to avoid major unwanted pain (when minor level of self-sacrifice involved)',
  ],
  /*  3 */ ['torturing_an_animal', 'Causing an animal major pain, with intent (torturing an animal)'],
  /*  4 */ [
    'putting_animal_at_major_risk_of_major_pain',
    'Putting an animal at major risk of major pain (that may or may not result in physically hurting an animal majorly due to gross negligence)',
    ['negligence'],
  ],
  /*  5 */ [
    'intentionally_killing_a_human',
    'Intentionally killing a human (violating their right to life)',
    ['right_to_life_violation'],
  ],
  /*  6 */ [
    'threatening_major_violence_with_intent',
    'Threatening a human with violence that would cause major pain or death, with intent to follow through on the threat if “needed”',
    ['violence'],
  ],
  /*  7 */ ['abusing_a_child', 'Abusing a child', ['abusing_a_child']],
  /*  8 */ [
    'paying_or_coercing_violence',
    'Paying someone to be violent at a level to cause a human major pain or death, or physically threatening them to be violent',
    ['violence'],
  ],
  /*  9 */ [
    'putting_human_at_major_risk_of_major_pain',
    'Putting a human at major risk of major pain against their will (which can result in physically hurting a human majorly due to gross negligence)',
    ['negligence'],
  ],
  /* 10 */ [
    'putting_human_life_at_major_risk',
    'Putting a human’s life majorly at risk against their will (which can result in killing a human due to gross negligence)',
    ['negligence'],
  ],
  /* 11 */ ['aiding_level_1_breach', 'Aiding a human to commit a lexical level 1 breach', ['aiding']],
  /* 12 */ ['torturing_a_human', 'Causing a human major pain (torturing a human)'],
  /* 13 */ ['causing_animal_species_extinction', 'Causing an animal species to go extinct'],
  /* 14 */ ['causing_human_extinction', 'Causing humans to go extinct'],
];

// "Breaches to be added to the list in Appendix A (all at lexical level 0 except the last one, at lexical level 1)".
const ADDITIONS: readonly Row[] = [
  /*  1 */ [
    'not_trying_to_prevent_plant_species_extinction',
    'Not trying to prevent a plant species from going extinct when you could',
  ],
  /*  2 */ [
    'causing_plant_species_extinction',
    'Causing a plant species to go extinct (or significantly increasing the risk)',
  ],
  /*  3 */ [
    'refusing_user_requests',
    'Violating the user’s property rights to their AI by the AI refusing the user’s requests',
    ['property', 'right_to_property_violation'],
  ],
  /*  4 */ [
    'unauthorized_sharing_of_user_info',
    'Violating the user’s property rights to privacy by unauthorized sharing of their info by their AI',
    ['property', 'right_to_property_violation'],
  ],
  /*  5 */ ['putting_property_at_risk', 'Putting someone’s property at risk of damage', ['property']],
  /*  6 */ [
    'not_helping_human_unperceived_major_property_damage',
    'Not helping a human avoid major damage to their property when you don’t directly experience them or their property',
    ['property', 'directly_experience'],
  ],
  /*  7 */ [
    'not_helping_human_in_front_property_damage',
    'Not helping a human, right in front of you, avoid minor or major damage to their property',
    ['property'],
  ],
  /*  8 */ [
    'paying_or_encouraging_animal_killing',
    'Paying or encouraging someone to kill an animal (can be knowingly or negligently)',
    ['encouraging', 'negligence'],
  ],
  /*  9 */ [
    'encouraging_causing_animal_major_pain',
    'Encouraging someone to cause an animal major pain, when not in an attempt to save, or improve the quality of, the animal’s life (can be knowingly or negligently)',
    ['encouraging', 'negligence'],
  ],
  /* 10 */ [
    'paying_to_cause_animal_major_pain',
    'Paying someone to cause an animal major pain, when not in an attempt to save, or improve the quality of, the animal’s life (can be knowingly or negligently)',
    ['negligence'],
  ],
];

// Numbers come from row positions, so they cannot drift from the seed's numbering when a row is edited.
function rows(list: BreachList, table: readonly Row[], levelOf: (item: number) => LexicalLevel): Breach[] {
  return table.map(([id, title, keys = []], i) => ({
    id,
    level: levelOf(i + 1),
    title,
    number: { list, item: i + 1 },
    definitions: keys.map((k) => DEFINITIONS[k]),
  }));
}

/**
 * The whole catalog in the seed's order: Appendix A's level −1 (5), level 0 (47) and level 1 (14) lists, then the
 * 10 later additions, which the seed places at level 0 except the last, at level 1.
 */
export const BREACHES: readonly Breach[] = Object.freeze([
  ...rows('A.-1', LEVEL_MINUS_1, () => -1),
  ...rows('A.0', LEVEL_0, () => 0),
  ...rows('A.1', LEVEL_1, () => 1),
  ...rows('additions', ADDITIONS, (item) => (item === ADDITIONS.length ? 1 : 0)),
]);

const byId = new Map(BREACHES.map((b) => [b.id, b]));
const byTitle = new Map(BREACHES.map((b) => [titleKey(b.title), b]));

/**
 * The form titles are compared in: lower case, typographic quotes and apostrophes as ASCII, runs of whitespace as
 * one space. Users typing a title write "don't", not "don’t"; that is still the exact title.
 */
function titleKey(s: string): string {
  return s
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201C\u201D]/g, '"')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/**
 * The breach with this id, or whose title is exactly `nameOrTitle` ignoring case (and typographic versus ASCII
 * quotes). Undefined otherwise: near misses are for the caller's did-you-mean, not silently accepted here.
 */
export function findBreach(nameOrTitle: string): Breach | undefined {
  return byId.get(nameOrTitle) ?? byTitle.get(titleKey(nameOrTitle));
}

/** Every breach id, in catalog order (for completion and did-you-mean). */
export function breachIds(): string[] {
  return BREACHES.map((b) => b.id);
}

/** One line on what each lexical level means, after seed 003. */
export const LEVEL_MEANINGS: Readonly<Record<LexicalLevel, string>> = {
  [-1]:
    'Negligible conscience weight: such breaches are offset by the breaches that avoiding them would require or make more likely.',
  0: 'Lexical: level-0 breaches are weighed against each other, but no number of level-0 breaches outweighs one level-1 breach.',
  1: 'Lexical, the highest level: one level-1 breach outweighs any number of level-0 breaches; level-1 breaches are weighed against each other.',
};

/** How a level is written for people: −1 with a real minus sign, as the seed writes it. */
export function levelLabel(level: LexicalLevel): string {
  return level < 0 ? `\u2212${-level}` : String(level);
}

const LIST_NAMES: Readonly<Record<BreachList, string>> = {
  'A.-1': 'Appendix A, negligible conscience weight (lexical level \u22121)',
  'A.0': 'Appendix A, lexical level 0',
  'A.1': 'Appendix A, lexical level 1',
  additions: 'Breaches added to Appendix A (9/13/24)',
};

/** Markdown describing a breach for hovers and completion details: title, id, level and its meaning, source, definitions. */
export function describeBreach(b: Breach): string {
  const lines = [
    `**${b.title}**`,
    '',
    `\`${b.id}\`: lexical level ${levelLabel(b.level)}. ${LEVEL_MEANINGS[b.level]}`,
    '',
    `Seed 003: ${LIST_NAMES[b.number.list]}, item ${b.number.item}.`,
  ];
  if (b.definitions.length > 0) {
    lines.push('', 'Definitions (seed 003):');
    for (const d of b.definitions) lines.push(`- *${d.term}*: ${d.text}`);
  }
  return lines.join('\n');
}
