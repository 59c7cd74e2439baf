import { useMessages } from '../../state/messageStore';

/** Errors and notices; each names the file and the problem. Text is rendered as text, never HTML. */
export function Messages() {
  const messages = useMessages((s) => s.messages);
  const dismiss = useMessages((s) => s.dismiss);
  const clear = useMessages((s) => s.clear);
  if (messages.length === 0) return null;
  return (
    <section className="messages" aria-label="Messages">
      {messages.map((m) => (
        <div key={m.id} className={`message ${m.kind}`} role={m.kind === 'error' ? 'alert' : 'status'} data-testid={`message-${m.kind}`}>
          <p>{m.text}</p>
          <button type="button" className="small" onClick={() => dismiss(m.id)} aria-label="Dismiss">
            ×
          </button>
        </div>
      ))}
      {messages.length > 2 && (
        <button type="button" className="small" onClick={clear}>
          Dismiss all
        </button>
      )}
    </section>
  );
}
