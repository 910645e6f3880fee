/** English: the shared texts here, each feature's from its `i18n.ts`; typed against ja.ts, so a missing key fails the type check. */
import { errorMessages } from '@renkei/contracts';
import { en as coreAuth } from '../features/core/auth/i18n.js';
import { en as coreHome } from '../features/core/home/i18n.js';
import { en as coreWorkspace } from '../features/core/workspace/i18n.js';
import { en as coreAdmin } from '../features/core/admin/i18n.js';
import { en as coreAccount } from '../features/core/account/i18n.js';
import { en as hub } from '../features/hub/i18n.js';
import { en as coordination } from '../features/hub/coordination/i18n.js';
import { en as range } from '../features/range/i18n.js';
import { en as programme } from '../features/range/programme/i18n.js';
import type { Messages } from './ja.js';

export const en: Messages = {
  app: {
    name: 'Renkei 連携',
    tagline: 'CSIRT coordination platform and AI×OT exercise range',
    skipToContent: 'Skip to content',
    loading: 'Loading…',
  },
  language: { label: 'Language', ja: '日本語', en: 'English' },
  nav: {
    main: 'Main navigation',
    home: 'Home',
    hub: 'Hub (incident response)',
    range: 'Range (exercises)',
    admin: 'Administration',
    users: 'Users',
    workspaces: 'Workspaces',
    account: 'Account',
    logout: 'Sign out',
  },
  workspaceKind: { hub_operations: 'Hub operations', hub_training: 'Hub training', range_course: 'Range course' },
  role: {
    admin: 'Administrator',
    handler: 'Handler',
    coordinator: 'Coordinator',
    analyst: 'Analyst',
    vulnerability_coordinator: 'Vulnerability coordinator',
    partner: 'Partner (external CSIRT)',
    vendor: 'Vendor',
    instructor: 'Instructor',
    assistant: 'Teaching assistant',
    trainee: 'Trainee',
  },
  tlp: {
    label: 'TLP',
    CLEAR: 'TLP:CLEAR',
    GREEN: 'TLP:GREEN',
    AMBER: 'TLP:AMBER',
    'AMBER+STRICT': 'TLP:AMBER+STRICT',
    RED: 'TLP:RED',
  },
  common: { save: 'Save', cancel: 'Cancel', close: 'Close', saved: 'Saved.', required: 'required' },
  // Problems from the server, in the error catalogue's words (@renkei/contracts, docs/reference/errors.md).
  validation: {
    invalid_type: 'Wrong type',
    too_small: 'Too short or too small',
    too_big: 'Too long or too large',
    invalid_format: 'Wrong format (e-mail address, date, …)',
    invalid_value: 'Not one of the allowed values',
    invalid_string: 'Wrong format',
    invalid_enum_value: 'Not one of the allowed values',
    unrecognized_keys: 'Contains unknown fields',
    invalid_union: 'Matches none of the allowed forms',
    not_multiple_of: 'Not a multiple of the step',
    custom: 'Not valid',
  },
  errors: { ...errorMessages('en'), NETWORK: 'Cannot reach the server.' },
  ...coreAuth,
  ...coreHome,
  ...coreWorkspace,
  ...coreAdmin,
  ...coreAccount,
  ...hub,
  ...coordination,
  ...range,
  ...programme,
};
