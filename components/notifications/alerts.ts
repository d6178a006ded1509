/**
 * The browser side of a member's desk alerts (notification_preferences.desk_alerts): a system
 * notification and a short beep for a new notification. Both are best effort: a browser without
 * the Notification API, a refused permission or a suspended AudioContext (no gesture on the page
 * yet) simply shows or plays nothing.
 */

export interface DeskAlert {
  title: string;
  body: string;
  /** one system notification per notification: a bumped one replaces its previous toast */
  tag: string;
  onClick: () => void;
}

/** Whether this browser may show system notifications now. */
export function notificationsAllowed(): boolean {
  return typeof Notification !== 'undefined' && Notification.permission === 'granted';
}

export function showDeskAlert(alert: DeskAlert): void {
  if (notificationsAllowed()) {
    const notification = new Notification(alert.title, { body: alert.body, tag: alert.tag });
    notification.onclick = () => {
      window.focus();
      alert.onClick();
      notification.close();
    };
  }
  beep();
}

/** A 150 ms, quiet 880 Hz tone through WebAudio: no asset to load or to keep in the bundle. */
function beep(): void {
  if (typeof AudioContext === 'undefined') return;
  const context = new AudioContext();
  const oscillator = context.createOscillator();
  const gain = context.createGain();
  oscillator.frequency.value = 880;
  gain.gain.value = 0.08;
  oscillator.connect(gain).connect(context.destination);
  oscillator.onended = () => void context.close();
  oscillator.start();
  oscillator.stop(context.currentTime + 0.15);
}
