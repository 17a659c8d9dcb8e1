// A conversation label as a small coloured chip (the list's rows, the thread's header, the menu).
import { cx } from '../../components/ui';

const COLORS: Record<string, string> = {
  slate: 'bg-slate-100 text-slate-700',
  red: 'bg-red-100 text-red-800',
  amber: 'bg-amber-100 text-amber-900',
  green: 'bg-emerald-100 text-emerald-800',
  blue: 'bg-sky-100 text-sky-800',
  violet: 'bg-violet-100 text-violet-800',
};

export function LabelChip(props: { label: { name: string; color: string } }) {
  return (
    <span
      className={cx(
        'inline-block rounded-full px-2 py-0.5 text-[11px] font-medium',
        COLORS[props.label.color] ?? COLORS.slate,
      )}
    >
      {props.label.name}
    </span>
  );
}
