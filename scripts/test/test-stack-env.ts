import path from 'node:path';
import { projectRoot } from '../stack/config';

/** The throwaway stack `npm test` runs against: its own state dir and ports, durability off. */
export const testStackEnv = {
  STACK_DIR: path.join(projectRoot, '.stack-test'),
  STACK_API_PORT: '55321',
  STACK_DB_PORT: '55322',
  STACK_REST_PORT: '55325',
  STACK_REST_ADMIN_PORT: '55326',
  STACK_FUNCTIONS_PORT: '55327',
  STACK_FAST_UNSAFE: '1',
} as const;
