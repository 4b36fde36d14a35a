import { expect, test } from 'vitest';
import { fittingRedFlags } from './red-flags.ts';

// Shaped like the catalogue's entries (apps/server/data/catalog.v1.json), trimmed to what matters.
const common = {
  zh: [
    '呼吸困难或气促',
    '服药后体温仍持续高于38.5℃超过3天',
    '孕妇出现头痛、头晕、心慌、憋气',
    '3个月以下婴儿发热（≥38℃）',
  ],
  en: [
    'difficulty breathing',
    'temperature still high after medicine',
    'in pregnancy: headache',
    'fever in a baby under 3 months',
  ],
};
const catalogue = new Map([
  ['antigen-test-single', { category: 'antigen', redFlags: common }],
  ['ibuprofen-tablet', { category: 'antipyretic', redFlags: common }],
]);
const post = (medicineId: string, flags: ('pregnant' | 'infant' | 'elderly' | 'chronic')[] = []) =>
  ({ items: [{ medicineId }], flags }) as unknown as Parameters<typeof fittingRedFlags>[0];

test('an antigen test shows neither pregnancy or baby signs nor "after taking medicine" unless they fit', () => {
  expect(fittingRedFlags(post('antigen-test-single'), catalogue, 'zh')).toEqual(['呼吸困难或气促']);
  expect(fittingRedFlags(post('antigen-test-single', ['pregnant']), catalogue, 'zh')).toEqual([
    '呼吸困难或气促',
    '孕妇出现头痛、头晕、心慌、憋气',
  ]);
});

test('a medicine keeps "after taking medicine"; a post for a baby shows the baby sign, in either language', () => {
  expect(fittingRedFlags(post('ibuprofen-tablet', ['infant']), catalogue, 'en')).toEqual([
    'difficulty breathing',
    'temperature still high after medicine',
    'fever in a baby under 3 months',
  ]);
});
