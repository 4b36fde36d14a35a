import { StockUpdate } from '@medrelay/contracts';
import type { z } from 'zod';
import { AppError } from '../../platform/errors.ts';

// The words on a shop's own sheet as well as the API's.
const STATUS_WORDS: Record<string, 'in_stock' | 'low' | 'out'> = {
  in_stock: 'in_stock',
  low: 'low',
  out: 'out',
  有货: 'in_stock',
  紧张: 'low',
  无货: 'out',
};

/**
 * "medicine id,status[,quantity[,per-person limit]]" per line; a first line naming the columns is
 * skipped. The whole sheet is refused at its first bad line, so a half-read sheet never lands.
 */
export function parseStockCsv(csv: string): z.output<typeof StockUpdate>[] {
  const lines = csv
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .map((l, i) => ({ text: l.trim(), line: i + 1 }))
    .filter((l) => l.text !== '');
  if (lines[0] && /^(medicine|药品)/i.test(lines[0].text)) lines.shift();
  if (lines.length === 0 || lines.length > 500)
    throw new AppError('stock_csv_invalid', 400, { reason: 'lines' });
  return lines.map(({ text, line }) => {
    const [medicineId = '', word = '', quantity, limit] = text.split(/[,，\t]/).map((c) => c.trim());
    const status = STATUS_WORDS[word];
    const parsed = StockUpdate.safeParse({
      medicineId,
      status,
      ...(quantity ? { quantity: Number(quantity) } : {}),
      ...(limit ? { perPersonLimit: Number(limit) } : {}),
    });
    if (!status || !parsed.success) throw new AppError('stock_csv_invalid', 400, { line });
    return parsed.data;
  });
}
