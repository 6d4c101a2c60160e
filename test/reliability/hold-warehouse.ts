/**
 * A second process for the concurrency tests: opens a warehouse read-write (as `buzon import` does),
 * says "holding" on stdout, and lets go when its stdin closes.
 */
import { Warehouse } from '../../src/db/warehouse.ts';

const warehouse = await Warehouse.open(process.argv[2]!);
process.stdout.write('holding\n');
process.stdin.resume();
process.stdin.on('end', () => {
  warehouse.close();
  process.exit(0);
});
