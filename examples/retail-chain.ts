import { EdgeSite, RegionalTier } from 'edgefleet';
import { shopcoFleet } from './shopco';

/*
 * A retail chain: 40 small shops on one Raspberry Pi each, in two regions,
 * with a canary shop per region. Apps declare their arches (no image lock).
 *   edgefleet synth --app examples/retail-chain.ts --out out-retail
 */
const chain = shopcoFleet('shopco');
export const fleet = chain.fleet;
const { pi, till, signage } = chain;
for (const [region, count] of [
  ['north', 20],
  ['south', 20],
] as const) {
  const tier = new RegionalTier(fleet, region);
  for (let i = 1; i <= count; i++) {
    new EdgeSite(tier, `${region}-shop-${String(i).padStart(3, '0')}`, {
      nodes: [{ deviceClass: pi }],
      apps: [till, signage],
      wave: i === 1 ? 'canary' : 'wave-1',
      connectivity: i % 5 === 0 ? 'intermittent' : 'always-on',
    });
  }
}
