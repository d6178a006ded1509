import { existsSync, readFileSync } from 'node:fs';
import { floorOf, readFloor, shortfalls, writeFloor } from './floor';
import { tallyFiles, vitestReportFile, vitestReportSchema } from './vitest-report';

/**
 * `npm run test:floor`: sets tests/floor.json to what the last `npm test` executed. Run it after a
 * full run that passed; what it lowers is printed, so a removal is a visible, reviewed change.
 */
if (!existsSync(vitestReportFile)) {
  console.error(`no vitest report at ${vitestReportFile}: run \`npm test\` first`);
  process.exit(1);
}
const tallies = tallyFiles(vitestReportSchema.parse(JSON.parse(readFileSync(vitestReportFile, 'utf8'))));
const broken = tallies.filter((t) => t.failed > 0 || t.fileError !== undefined);
if (broken.length > 0) {
  console.error(`the last run failed in ${broken.map((t) => t.file).join(', ')}: fix it before moving the floor`);
  process.exit(1);
}
for (const line of shortfalls(readFloor(), tallies)) console.log(`lowered: ${line}`);
const floor = floorOf(tallies);
writeFloor(floor);
console.log(`tests/floor.json: ${Object.keys(floor.vitest).length} vitest files, ${Object.keys(floor.pgtap).length} pgTAP files`);
