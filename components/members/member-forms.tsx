'use client';

import { Button, Group, Select, TextInput } from '@mantine/core';
import { FormStatus } from '@/components/dashboard/form-status';
import { useFormAction } from '@/components/ui/use-form-action';
import { changeMemberRole, inviteMember, removeMemberFromOrg, revokeInvite } from '@/lib/dashboard/actions/members';
import { ROLE_LABELS, ROLES, type MemberRole } from '@/lib/dashboard/roles';

const roleOptions = (canGrantOwner: boolean) => ROLES.filter((r) => canGrantOwner || r !== 'owner').map((r) => ({ value: r, label: ROLE_LABELS[r] }));

/** Invite by email with a role. */
export function InviteForm({ orgSlug, canGrantOwner }: { orgSlug: string; canGrantOwner: boolean }) {
  const { state, pending, successes, formProps } = useFormAction(inviteMember);
  return (
    <form {...formProps} aria-label="Invite a member" noValidate>
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <Group align="flex-start" gap="sm" wrap="wrap" key={successes}>
        <TextInput
          name="email"
          type="email"
          label="Email"
          placeholder="teammate@company.com"
          required
          error={state.fieldErrors?.email?.[0]}
          w={{ base: '100%', sm: 280 }}
        />
        <Select name="role" label="Role" data={roleOptions(canGrantOwner)} defaultValue="agent" allowDeselect={false} w={{ base: '100%', sm: 160 }} />
        <Button type="submit" loading={pending} mt={{ base: 0, sm: 25 }}>
          Invite
        </Button>
      </Group>
      <FormStatus state={state} />
    </form>
  );
}

/** A member's role (admins: non-owner roles; owners: any) and their removal. */
export function MemberControls({
  orgSlug,
  userId,
  name,
  role,
  canGrantOwner,
}: {
  orgSlug: string;
  userId: string;
  name: string;
  role: MemberRole;
  canGrantOwner: boolean;
}) {
  const change = useFormAction(changeMemberRole);
  const remove = useFormAction(removeMemberFromOrg);
  const last = (remove.state.at ?? 0) > (change.state.at ?? 0) ? remove.state : change.state;
  const locked = role === 'owner' && !canGrantOwner;
  return (
    <div>
      <Group gap="xs" wrap="nowrap">
        <form {...change.formProps} aria-label={`Role of ${name}`}>
          <input type="hidden" name="orgSlug" value={orgSlug} />
          <input type="hidden" name="userId" value={userId} />
          <Group gap={6} wrap="nowrap">
            <Select
              key={role}
              name="role"
              aria-label={`Role of ${name}`}
              data={locked ? [{ value: 'owner', label: 'Owner' }] : roleOptions(canGrantOwner)}
              defaultValue={role}
              allowDeselect={false}
              disabled={locked}
              size="xs"
              w={110}
            />
            <Button type="submit" size="xs" variant="default" loading={change.pending} disabled={locked}>
              Save
            </Button>
          </Group>
        </form>
        <form {...remove.formProps}>
          <input type="hidden" name="orgSlug" value={orgSlug} />
          <input type="hidden" name="userId" value={userId} />
          <Button type="submit" size="xs" variant="subtle" color="red" loading={remove.pending} disabled={locked} aria-label={`Remove ${name}`}>
            Remove
          </Button>
        </form>
      </Group>
      {last.status === 'error' && <FormStatus state={last} />}
    </div>
  );
}

export function RevokeInviteButton({ orgSlug, invitationId, email }: { orgSlug: string; invitationId: string; email: string }) {
  const { state, pending, formProps } = useFormAction(revokeInvite);
  return (
    <form {...formProps}>
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <input type="hidden" name="invitationId" value={invitationId} />
      <Button type="submit" size="xs" variant="subtle" color="red" loading={pending} aria-label={`Revoke the invitation of ${email}`}>
        Revoke
      </Button>
      {state.status === 'error' && <FormStatus state={state} />}
    </form>
  );
}
