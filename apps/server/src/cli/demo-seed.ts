import type { AccountsService } from '../modules/accounts/index.ts';
import type { PostsService } from '../modules/posts/index.ts';
import type { Clock } from '../platform/clock.ts';

// Demo posts around several cities so a newcomer sees a living square. They go through the same
// rules as real posts, are flagged isDemo (the web app badges them 演示), and are replaced on every
// demo start so they never go stale. Demo accounts use the 170-0000 range, which is not issued.
const CITIES = [
  { name: '深圳', lat: 22.543, lng: 114.058, weight: 5 },
  { name: '北京', lat: 39.909, lng: 116.397, weight: 5 },
  { name: '上海', lat: 31.23, lng: 121.474, weight: 5 },
  { name: '广州', lat: 23.129, lng: 113.264, weight: 4 },
  { name: '成都', lat: 30.659, lng: 104.065, weight: 3 },
  { name: '武汉', lat: 30.593, lng: 114.306, weight: 3 },
  { name: '长沙', lat: 28.228, lng: 112.939, weight: 2 },
  { name: '西安', lat: 34.342, lng: 108.94, weight: 2 },
];

const NEEDS: {
  items: [string, number][];
  note: string;
  forWhom: 'self' | 'family' | 'other';
  flags?: string[];
}[] = [
  {
    items: [
      ['ibuprofen-tablet', 4],
      ['antigen-test-single', 2],
    ],
    note: '家里三口人都在发烧，想先借几片布洛芬和两支抗原。',
    forWhom: 'family',
  },
  {
    items: [['ibuprofen-suspension', 1]],
    note: '孩子两岁，夜里烧到38.9℃，急需美林，可以自取。',
    forWhom: 'family',
    flags: ['infant'],
  },
  {
    items: [['acetaminophen-tablet', 6]],
    note: '独居老人，药店都买不到对乙酰氨基酚了。',
    forWhom: 'self',
    flags: ['elderly'],
  },
  { items: [['antigen-test-single', 2]], note: '明天要去照顾父母，想先测一下。', forWhom: 'self' },
  {
    items: [['pulse-oximeter', 1]],
    note: '老人有慢阻肺，想借个指夹血氧仪观察几天，用完归还。',
    forWhom: 'family',
    flags: ['elderly', 'chronic'],
  },
  {
    items: [
      ['ambroxol-tablet', 10],
      ['watermelon-frost-lozenge', 6],
    ],
    note: '咳嗽咽痛好几天了，求一点化痰药和含片。',
    forWhom: 'self',
  },
  {
    items: [['acetaminophen-drops', 1]],
    note: '宝宝五个月，医生建议备着泰诺林滴剂。',
    forWhom: 'family',
    flags: ['infant'],
  },
  { items: [['electronic-thermometer', 1]], note: '家里体温计坏了，借一个就好。', forWhom: 'family' },
  {
    items: [['n95-mask', 5]],
    note: '孕妇，要去医院产检，想要几个N95口罩。',
    forWhom: 'self',
    flags: ['pregnant'],
  },
];

const OFFERS: { items: [string, number, boolean][]; note: string }[] = [
  { items: [['antigen-test-single', 3, true]], note: '多买了几支抗原，未拆封，送给需要的邻居。' },
  { items: [['ibuprofen-tablet', 8, false]], note: '家里人已经退烧，剩下的布洛芬分给大家，一次最多4片。' },
  { items: [['acetaminophen-tablet', 10, true]], note: '一盒对乙酰氨基酚没开封，可放在小区门口自取。' },
  {
    items: [
      ['n95-mask', 10, true],
      ['alcohol-wipes', 20, true],
    ],
    note: '单位发的口罩和酒精湿巾用不完。',
  },
  { items: [['ibuprofen-suspension', 1, true]], note: '孩子已经好了，多的一瓶美林未开封，优先给小宝宝。' },
  { items: [['banlangen-granule', 9, true]], note: '板蓝根颗粒一盒，未拆封。' },
];

function seeded(seed: number) {
  let s = seed;
  return () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  };
}

export async function seedDemo(
  deps: { accounts: AccountsService; posts: PostsService; clock: Clock },
  count = 96,
) {
  const { accounts, posts, clock } = deps;
  const removed = await posts.removeDemoPosts();
  const rnd = seeded(2022_12_21);
  const totalWeight = CITIES.reduce((s, c) => s + c.weight, 0);
  const pickCity = () => {
    let r = rnd() * totalWeight;
    for (const c of CITIES) if ((r -= c.weight) < 0) return c;
    return CITIES[0] as (typeof CITIES)[number];
  };
  const expiry = new Date(clock.now().getTime() + 240 * 86_400_000).toISOString().slice(0, 10);
  let created = 0;
  for (let i = 0; i < count; i++) {
    const city = pickCity();
    const user = await accounts.findOrCreate(`1700000${String(i).padStart(4, '0')}`, { isDemo: true });
    // A few kilometres around the centre, like the neighbourhoods of a real city.
    const location = { lat: city.lat + (rnd() - 0.5) * 0.12, lng: city.lng + (rnd() - 0.5) * 0.14 };
    const isNeed = rnd() < 0.6;
    const need = NEEDS[Math.floor(rnd() * NEEDS.length)] as (typeof NEEDS)[number];
    const offer = OFFERS[Math.floor(rnd() * OFFERS.length)] as (typeof OFFERS)[number];
    const body = isNeed
      ? {
          kind: 'need' as const,
          items: need.items.map(([medicineId, quantity]) => ({ medicineId, quantity })),
          location: { ...location, coordSystem: 'wgs84' as const },
          note: need.note,
          forWhom: need.forWhom,
          flags: (need.flags ?? []) as ('elderly' | 'infant' | 'pregnant' | 'chronic')[],
          contactMode: 'phone' as const,
          consent: true as const,
        }
      : {
          kind: 'offer' as const,
          items: offer.items.map(([medicineId, quantity, unopened]) => ({
            medicineId,
            quantity,
            unopened,
            expiresOn: expiry,
          })),
          location: { ...location, coordSystem: 'wgs84' as const },
          note: offer.note,
          forWhom: 'self' as const,
          flags: [],
          contactMode: 'phone' as const,
          consent: true as const,
        };
    await posts.create(user, body, undefined, { isDemo: true });
    created++;
  }
  return { removed, created };
}
