// Seeded pseudo-random numbers so estimation is reproducible (one generator shared with the demo).
export { mulberry32 as seededRandom } from '../../shared/random';
