/**
 * Synthetic names for synthetic citizens, made from the citizen's id alone, so the server (which
 * searches by name) and the dashboard (which shows them) agree without storing a name anywhere.
 * They belong to no one: a family name and a two-syllable given name, drawn by hashing the id.
 */
const FAMILY = [
  'Wang',
  'Li',
  'Zhang',
  'Liu',
  'Chen',
  'Yang',
  'Zhao',
  'Huang',
  'Zhou',
  'Wu',
  'Xu',
  'Sun',
  'Hu',
  'Zhu',
  'Gao',
  'Lin',
  'He',
  'Guo',
  'Ma',
  'Luo',
  'Liang',
  'Song',
  'Zheng',
  'Xie',
  'Han',
  'Tang',
  'Feng',
  'Yu',
  'Dong',
  'Xiao',
  'Cheng',
  'Cao',
  'Yuan',
  'Deng',
  'Fu',
  'Shen',
  'Zeng',
  'Peng',
  'Lu',
  'Su',
];
const SYLLABLES = [
  'an',
  'bo',
  'chen',
  'di',
  'fang',
  'gang',
  'hao',
  'hui',
  'jia',
  'jie',
  'jun',
  'kai',
  'lan',
  'lei',
  'li',
  'lin',
  'ling',
  'mei',
  'ming',
  'na',
  'ning',
  'peng',
  'ping',
  'qi',
  'qing',
  'rui',
  'shan',
  'tao',
  'ting',
  'wei',
  'wen',
  'xin',
  'xiu',
  'yan',
  'yi',
  'ying',
  'yong',
  'yu',
  'yun',
  'zhen',
];

const mix = (id: number, k: number) => {
  let h = Math.imul((id + 1) ^ (k * 0x9e3779b9), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
};

/** The synthetic name of citizen `id`, e.g. "Zhou Mingyan". */
export function citizenName(id: number): string {
  const given = SYLLABLES[mix(id, 1) % SYLLABLES.length] + SYLLABLES[mix(id, 2) % SYLLABLES.length];
  return `${FAMILY[mix(id, 0) % FAMILY.length]} ${given[0].toUpperCase()}${given.slice(1)}`;
}
