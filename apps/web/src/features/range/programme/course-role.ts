/** What the signed-in user may do in a Range course, for the programme pages (the server checks it too). */
import { ROLE_PERMISSIONS } from '@renkei/contracts';
import { useSession } from '../../../app/session.js';
import { isCourseStaff } from '../plant/plant-view.js';

export function useCourseRole(workspaceId: string | undefined): { isPlanner: boolean; isStaff: boolean } {
  const { user } = useSession();
  const role = user?.memberships.find((m) => m.workspaceId === workspaceId)?.role;
  return {
    // Instructors plan (workspace.manage); instructors and assistants are the staff.
    isPlanner: role !== undefined && ROLE_PERMISSIONS[role].includes('workspace.manage'),
    isStaff: isCourseStaff(role),
  };
}
