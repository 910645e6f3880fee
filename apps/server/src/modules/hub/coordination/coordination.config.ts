/** hub/coordination's configuration: follow-up and escalation, and where the takedown monitor may go. @module */
import { z } from 'zod';
import { booleanFromEnv, defineConfigSection } from '../../../platform/index.js';

export const coordinationConfig = defineConfigSection(
  'hub/coordination',
  z.object({
    /** Reminders sent to a party that has not answered, before the thread is marked no_response. */
    maxReminders: z.coerce.number().int().min(0).max(10).default(2),
    /** Days a party has to answer a reminder. */
    reminderDays: z.coerce.number().int().min(1).max(60).default(3),
    /**
     * After no response, a request to the next party of the ladder (the country's national
     * CSIRT) is sent at once when the directory has it and TLP allows; off: it is only planned.
     */
    autoEscalate: booleanFromEnv.default(true),
    /**
     * What the takedown monitor may reach: comma-separated CIDR ranges and host names
     * (`203.0.113.0/24, phish.example`). Empty: the monitor reaches nothing (a check says so).
     * Addresses are checked after DNS resolution, for every redirect.
     */
    monitorAllow: z.string().default(''),
    /** Minutes between two checks of a site that is still up. */
    monitorIntervalMinutes: z.coerce.number().int().min(1).max(10_080).default(60),
    monitorTimeoutMs: z.coerce.number().int().min(100).max(120_000).default(10_000),
    /** Days a site is watched before the monitor gives up. */
    monitorDays: z.coerce.number().int().min(1).max(365).default(30),
  }),
  {
    RENKEI_COORDINATION_MAX_REMINDERS: 'maxReminders',
    RENKEI_COORDINATION_REMINDER_DAYS: 'reminderDays',
    RENKEI_COORDINATION_AUTO_ESCALATE: 'autoEscalate',
    RENKEI_TAKEDOWN_MONITOR_ALLOW: 'monitorAllow',
    RENKEI_TAKEDOWN_MONITOR_INTERVAL_MINUTES: 'monitorIntervalMinutes',
    RENKEI_TAKEDOWN_MONITOR_TIMEOUT_MS: 'monitorTimeoutMs',
    RENKEI_TAKEDOWN_MONITOR_DAYS: 'monitorDays',
  },
);
