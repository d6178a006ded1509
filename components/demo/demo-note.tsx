import styles from './demo.module.css';

/** Tells the newcomer what this page is and what to try in the widget. */
export function DemoNote({ websiteKey, tries }: { websiteKey: string; tries: string[] }) {
  return (
    <aside className={styles.note} aria-label="About this demo">
      <strong>Demo customer site for Concierge</strong>
      The chat button at the bottom right is the Concierge widget, embedded exactly as a customer would, with{' '}
      <code>{`<script src="/widget.js" data-website-id="${websiteKey}" async></script>`}</code>. Things to try:
      <ul>
        {tries.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
    </aside>
  );
}
