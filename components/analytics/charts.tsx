'use client';

import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

/**
 * recharts, fed plain rows and a series description (no functions, so server pages can pass
 * them). Every chart has its numbers in a DataTable next to it.
 */
export interface Series {
  key: string;
  label: string;
  color: string;
}

const axis = { fontSize: 12, fill: 'var(--mantine-color-dimmed)' };
const shortDay = (day: unknown) => (typeof day === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(day) ? day.slice(5) : String(day));

/** Values per day: lines, or stacked bars. */
export function DailyChart({
  data,
  series,
  kind = 'line',
  label,
  height = 260,
}: {
  data: Record<string, unknown>[];
  series: Series[];
  kind?: 'line' | 'stacked';
  label: string;
  height?: number;
}) {
  return (
    <div role="img" aria-label={label} data-testid="chart" style={{ width: '100%', height }}>
      <ResponsiveContainer width="100%" height="100%">
        {kind === 'line' ? (
          <LineChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="day" tick={axis} tickFormatter={shortDay} minTickGap={16} />
            <YAxis tick={axis} allowDecimals={false} width={40} />
            <Tooltip />
            <Legend />
            {series.map((s) => (
              <Line
                key={s.key}
                type="monotone"
                dataKey={s.key}
                name={s.label}
                stroke={s.color}
                strokeWidth={2}
                dot={data.length <= 31}
                isAnimationActive={false}
              />
            ))}
          </LineChart>
        ) : (
          <BarChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="day" tick={axis} tickFormatter={shortDay} minTickGap={16} />
            <YAxis tick={axis} allowDecimals={false} width={40} />
            <Tooltip />
            <Legend />
            {series.map((s) => (
              <Bar key={s.key} dataKey={s.key} name={s.label} stackId="all" fill={s.color} isAnimationActive={false} />
            ))}
          </BarChart>
        )}
      </ResponsiveContainer>
    </div>
  );
}

/** Values per category (a reason, a website, an event name), horizontal bars, optionally stacked. */
export function CategoryChart({
  data,
  category,
  series,
  label,
  percent = false,
}: {
  data: Record<string, unknown>[];
  category: string;
  series: Series[];
  label: string;
  percent?: boolean;
}) {
  if (data.length === 0) return null;
  const height = Math.max(120, Math.min(data.length, 12) * 32 + 60);
  return (
    <div role="img" aria-label={label} data-testid="chart" style={{ width: '100%', height }}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data.slice(0, 12)} layout="vertical" margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} />
          <XAxis
            type="number"
            tick={axis}
            allowDecimals={percent}
            domain={percent ? [0, 1] : undefined}
            tickFormatter={percent ? (v: number) => `${Math.round(v * 100)}%` : undefined}
          />
          <YAxis type="category" dataKey={category} tick={axis} width={140} />
          <Tooltip formatter={percent ? (v) => `${(Number(v) * 100).toFixed(1)}%` : undefined} />
          {series.length > 1 && <Legend />}
          {series.map((s) => (
            <Bar
              key={s.key}
              dataKey={s.key}
              name={s.label}
              stackId={series.length > 1 ? 'all' : undefined}
              fill={s.color}
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
