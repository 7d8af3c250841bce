/**
 * Saves dataset + run pairs into the database named by argv[2] until it is killed, printing "saved N" after each
 * commit. The kill -9 test stops it at random moments, most of them inside a write.
 */
import crypto from 'node:crypto';
import { openDatabase } from '../../../../../src/backend/store/db';
import { saveDatasetAndRun } from '../../../../../src/backend/store/saveRun';
import { forecastInput, parsedInput } from '../../../fixtures/experiments';

const db = openDatabase(process.argv[2]);
const run = parsedInput(forecastInput());
process.stdout.write('ready\n');
for (let n = 1; ; n++) {
  // 1-3 MB of random bytes: a unique file (no duplicate detection) whose write spans many pages
  const bytes = crypto.randomBytes(1_000_000 + crypto.randomInt(2_000_000));
  saveDatasetAndRun(db, { name: `series-${n}.csv`, kind: 'csv', bytes, summary: { rows: n } }, run);
  process.stdout.write(`saved ${n}\n`);
}
