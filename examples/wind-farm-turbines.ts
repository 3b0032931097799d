/** The turbine model the render hook of examples/wind-farm.ts writes into each site: a module the cache key covers. */
export const TURBINE_MODEL = 'SG 14-222 DD';
