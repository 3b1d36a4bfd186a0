import { GENERAL_CATALOG_ID } from '@accesspackage/server';
import { BenchError } from './bench-error.js';
import { pool } from './pool.js';
import { PACKAGES } from './scenarios.js';
import { send } from './send.js';

/** Creates `count` access packages; returns their ids in creation order. */
export async function seed(
  baseUrl: string,
  count: number,
  headers: Record<string, string>,
  concurrency: number,
): Promise<string[]> {
  const ids: string[] = [];
  await pool(count, concurrency, async (index) => {
    const body = JSON.stringify({
      catalogId: GENERAL_CATALOG_ID,
      displayName: `Bench package ${index + 1}`,
      description: 'Seeded by the benchmark.',
    });
    const answer = await send(baseUrl, { method: 'POST', path: PACKAGES, body }, headers);
    if (answer.status !== 201)
      throw new BenchError(
        `seeding access package ${index + 1} answered ${answer.status}: ${answer.body.toString('utf8', 0, 300)}`,
      );
    ids[index] = (JSON.parse(answer.body.toString('utf8')) as { id: string }).id;
  });
  return ids;
}
