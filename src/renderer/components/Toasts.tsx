import { useLab } from '../state/store';

/** Transient messages: imports, errors (errors stay until dismissed). */
export function Toasts() {
  const toasts = useLab((s) => s.toasts);
  const dismiss = useLab((s) => s.dismissToast);
  return (
    <div className="toasts" aria-live="polite">
      {toasts.map((t) => (
        <div key={t.id} className={`toast toast-${t.kind}`} role={t.kind === 'error' ? 'alert' : 'status'}>
          <span>{t.text}</span>
          <button className="icon-button" aria-label="Dismiss" onClick={() => dismiss(t.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
