import styles from '@/components/help/help.module.css';

/** While the article list or search results load (the frame and header are already there). */
export default function HelpCenterLoading() {
  return (
    <div aria-busy="true" aria-label="Loading">
      <div className={styles.skeleton} style={{ width: '40%' }} />
      <div className={styles.skeleton} style={{ width: '80%' }} />
      <div className={styles.skeleton} style={{ width: '70%' }} />
    </div>
  );
}
