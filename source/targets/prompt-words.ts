/**
 * Common English words that OpenAI's o200k_base and cl100k_base tokenizers each read as one token,
 * alone and after a space (checked by test/targets/synthetic-prompts.test.ts): n of them, space
 * separated, are n tokens, so synthetic prompts and unique prefixes have lengths known in advance.
 */
export const promptWords: readonly string[] = `time year people way day man thing woman life child world school state family student group
country problem hand part place case week company system program question work government number night point home water room
mother area money story fact month lot right study book eye job word business issue side kind head house service friend father
power hour game line end member law car city community name team minute idea kid body information back parent face others level
office door health person art war history party result change reason research girl moment air teacher force education foot boy
age policy process music market sense nation plan college interest death experience effect use class control care field
development role rate heart drug show leader light voice wife mind price report decision son view relationship town road arm
difference value building action model season tax director position player record paper space ground form event official matter
center site project activity star table need court oil cost industry figure street image phone data picture practice piece land
product doctor wall patient worker news test movie north love support technology step baby computer type attention film tree
source organization hair window population truth song energy bank stone river cloud green blue red yellow black white silver
gold iron glass salt bread apple orange horse bird fish dog cat mouse lion bear wolf fox rabbit snake`.split(/\s+/);

/** Words of a unique prefix: 8 drawn from 232 is 2^62 prefixes, and always 8 tokens (9 with the newline after them). */
export const prefixWords = 8;
export const prefixTokens = prefixWords + 1;

/** `count` words drawn with `random`: as many tokens (see above). */
export const randomWords = (random: () => number, count: number): string[] =>
	Array.from({length: count}, () => promptWords[Math.floor(random() * promptWords.length)] ?? 'time');
