import type { Json } from '@/lib/database.types';
import type { Permissions } from '@/lib/dashboard/roles';

/** Whether the organization lets agents publish (organizations.settings.agents_publish, default false). */
export function agentsPublish(settings: Json): boolean {
  return typeof settings === 'object' && settings !== null && !Array.isArray(settings) && settings.agents_publish === true;
}

/** What the UI offers; the database enforces the same rule (private.may_publish_articles). */
export function canPublish(can: Permissions, settings: Json): boolean {
  return can.manage || (can.work && agentsPublish(settings));
}
