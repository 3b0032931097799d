import { EdgeSite, RegionalTier } from 'edgefleet';
import { shopcoFleet } from './shopco';

/*
 * A retail chain of any size, for `npm run bench -- --app`: SITES shops
 * (@default 40) on one Raspberry Pi each, in four regions. The bench sets
 * SITES for each size it measures, and CHANGE=one-site (@default none) for
 * its one-site-change run, which this file answers by giving the first shop
 * an extra label.
 *   SITES=500 edgefleet synth --app examples/sized-retail-chain.ts --out out-sized
 *   npm run bench -- --app examples/sized-retail-chain.ts --sites 10000
 */
const sites = Number(process.env.SITES ?? 40);
if (!Number.isInteger(sites) || sites < 1) throw new Error(`SITES must be a whole number of at least 1, not "${process.env.SITES}"`);
const oneSiteChanged = process.env.CHANGE === 'one-site';

const chain = shopcoFleet('shopco-sized');
export const fleet = chain.fleet;
const { pi, till, signage } = chain;
const regions = ['north', 'south', 'east', 'west'].map((region) => new RegionalTier(fleet, region));
for (let i = 0; i < sites; i++) {
  new EdgeSite(regions[i % regions.length], `shop-${String(i).padStart(5, '0')}`, {
    nodes: [{ deviceClass: pi }],
    apps: [till, signage],
    wave: i < regions.length ? 'canary' : 'wave-1',
    ...(oneSiteChanged && i === 0 ? { labels: { refit: '2026' } } : {}),
  });
}
