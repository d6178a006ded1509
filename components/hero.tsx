export function Hero() {
  return (
    <section className="hero">
      <p className="eyebrow">Concierge</p>
      <h1>AI customer conversations for every organization</h1>
      <p className="lede">
        Put a chat widget on your sites. An AI concierge answers from your own knowledge base, and hands the
        conversation to your team as a ticket when a person is needed. Every organization sees only its own
        data, enforced by Postgres row-level security.
      </p>
    </section>
  );
}
