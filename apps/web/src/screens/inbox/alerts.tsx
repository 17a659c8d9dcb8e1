// The inbox's "Alertes" menu: a sound and a desktop notification for new messages, each off until
// turned on here; turning notifications on is when the browser is asked for its permission.
import { useEffect, useState } from 'react';
import {
  type AlertPrefs,
  alertPrefs,
  askNotificationPermission,
  notificationPermission,
  onAlertPrefs,
  setAlertPrefs,
} from '../../lib/alerts';
import { useI18n } from '../../lib/i18n';

export function InboxAlerts() {
  const { t } = useI18n();
  const [prefs, setPrefs] = useState<AlertPrefs>(alertPrefs);
  const [denied, setDenied] = useState(notificationPermission() === 'denied');
  useEffect(() => {
    const stop = onAlertPrefs(() => setPrefs(alertPrefs()));
    return () => {
      stop();
    };
  }, []);
  return (
    <details className="text-xs" data-testid="alerts-menu">
      <summary className="flex min-h-9 cursor-pointer items-center text-slate-600">
        🔔 {t('inbox.alerts')}
      </summary>
      <label className="flex min-h-11 items-center gap-2">
        <input
          type="checkbox"
          checked={prefs.sound}
          onChange={(event) => setAlertPrefs({ ...prefs, sound: event.target.checked })}
        />
        {t('inbox.alertSound')}
      </label>
      {notificationPermission() === 'unsupported' ? null : (
        <label className="flex min-h-11 items-center gap-2">
          <input
            type="checkbox"
            checked={prefs.desktop && !denied}
            disabled={denied}
            onChange={async (event) => {
              const on = event.target.checked;
              if (on) {
                const answer = await askNotificationPermission();
                setDenied(answer === 'denied');
                setAlertPrefs({ ...prefs, desktop: answer === 'granted' });
              } else setAlertPrefs({ ...prefs, desktop: false });
            }}
          />
          {t('inbox.alertDesktop')}
        </label>
      )}
      {denied ? <p className="text-amber-800">{t('inbox.alertDenied')}</p> : null}
    </details>
  );
}
