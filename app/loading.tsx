import { Hero } from '@/components/hero';
import { Skeleton } from '@/components/skeleton';

export default function Loading() {
  return (
    <>
      <Hero />
      <section className="panel" aria-busy="true" aria-label="Reading through the local stack">
        <Skeleton width="16rem" height="1.25rem" />
        <div className="panel__grid">
          <Skeleton height="4.5rem" />
          <Skeleton height="4.5rem" />
        </div>
        <Skeleton width="60%" />
      </section>
    </>
  );
}
