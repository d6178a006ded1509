'use client';

import {
  Button,
  Checkbox,
  Group,
  NativeSelect,
  Stack,
  Switch,
  Table,
  TableTbody,
  TableTd,
  TableTh,
  TableThead,
  TableTr,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useMemo } from 'react';
import { FormStatus } from '@/components/dashboard/form-status';
import { useFormAction } from '@/components/ui/use-form-action';
import { addHolidayAction, deleteHolidayAction, saveBusinessHoursAction } from '@/lib/dashboard/actions/business-hours';

export interface DayWindow {
  weekday: number;
  label: string;
  open: boolean;
  opensAt: string;
  closesAt: string;
}

/** Postgres's "09:00:00" as the form's "09:00" (closes_at '24:00:00' stays 24:00). */
const hhmm = (time: string) => time.slice(0, 5);

/** On/off, time zone, one row per weekday and the widget's away text, saved together. */
export function BusinessHoursForm(props: { orgSlug: string; enabled: boolean; timeZone: string; offlineMessage: string; days: DayWindow[] }) {
  const { state, pending, formProps } = useFormAction(saveBusinessHoursAction);
  // the browser's IANA list; Postgres checks the choice against its own (pg_timezone_names)
  const zones = useMemo(() => {
    const all = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
    return all.includes(props.timeZone) ? all : [props.timeZone, ...all];
  }, [props.timeZone]);
  const errors = state.fieldErrors ?? {};
  return (
    <form {...formProps} aria-label="Business hours" noValidate>
      <Stack gap="sm">
        <input type="hidden" name="orgSlug" value={props.orgSlug} />
        <Switch
          name="enabled"
          value="on"
          defaultChecked={props.enabled}
          label="Use business hours"
          description="Off: the team counts as always open (the widget never shows the away banner, SLA clocks run on wall time)."
        />
        {/* native: about 400 zones, and the browser's own list types ahead and passes axe (a
            searchable Mantine Select put aria-expanded on an input without a combobox role) */}
        <NativeSelect name="time_zone" label="Time zone" data={zones} defaultValue={props.timeZone} maw={360} error={errors.time_zone?.[0]} />
        <Table withTableBorder maw={560}>
          <TableThead>
            <TableTr>
              <TableTh>Day</TableTh>
              <TableTh>Open</TableTh>
              <TableTh>Opens</TableTh>
              <TableTh>Closes</TableTh>
            </TableTr>
          </TableThead>
          <TableTbody>
            {props.days.map((d) => (
              <TableTr key={d.weekday} data-testid={`weekday-${d.weekday}`}>
                <TableTd>{d.label}</TableTd>
                <TableTd>
                  <Checkbox name={`open${d.weekday}`} value="on" defaultChecked={d.open} aria-label={`${d.label} open`} />
                </TableTd>
                <TableTd>
                  <TextInput
                    name={`opens${d.weekday}`}
                    defaultValue={hhmm(d.opensAt)}
                    aria-label={`${d.label} opens`}
                    placeholder="09:00"
                    w={90}
                    error={errors[`opens${d.weekday}`]?.[0]}
                  />
                </TableTd>
                <TableTd>
                  <TextInput
                    name={`closes${d.weekday}`}
                    defaultValue={hhmm(d.closesAt)}
                    aria-label={`${d.label} closes`}
                    placeholder="17:00"
                    w={90}
                    error={errors[`closes${d.weekday}`]?.[0]}
                  />
                </TableTd>
              </TableTr>
            ))}
          </TableTbody>
        </Table>
        <Textarea
          name="offline_message"
          label="Offline message"
          description="Shown by the widget outside business hours instead of “We're away — back …” (in the visitor's language). Leave empty for the default."
          defaultValue={props.offlineMessage}
          maxLength={500}
          autosize
          minRows={2}
          maw={560}
          error={errors.offline_message?.[0]}
        />
        <Group justify="space-between" maw={560}>
          {state.status !== 'idle' ? <FormStatus state={state} /> : <span />}
          <Button type="submit" loading={pending}>
            Save business hours
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** A holiday: a local date and a name. */
export function AddHolidayForm({ orgSlug }: { orgSlug: string }) {
  const { state, pending, successes, formProps } = useFormAction(addHolidayAction);
  const errors = state.fieldErrors ?? {};
  return (
    <form {...formProps} aria-label="Add a holiday" noValidate>
      <Stack gap="xs">
        <input type="hidden" name="orgSlug" value={orgSlug} />
        <Group align="flex-start" key={successes}>
          <TextInput name="day" type="date" label="Date" required error={errors.day?.[0]} />
          <TextInput name="name" label="Name" placeholder="e.g. New Year's Day" required maxLength={80} error={errors.name?.[0]} />
          <Button type="submit" loading={pending} mt={25}>
            Add holiday
          </Button>
        </Group>
        {state.status !== 'idle' && <FormStatus state={state} />}
      </Stack>
    </form>
  );
}

export function RemoveHolidayButton({ orgSlug, id, name }: { orgSlug: string; id: string; name: string }) {
  const { pending, formProps } = useFormAction(deleteHolidayAction);
  return (
    <form {...formProps}>
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <input type="hidden" name="id" value={id} />
      <Button type="submit" size="compact-sm" variant="default" color="red" loading={pending} aria-label={`Remove ${name}`}>
        Remove
      </Button>
    </form>
  );
}
