import 'server-only';
import { getProfilesByIds, matchProfiles, type ProfileRow } from '@/lib/data/team';
import type { Client } from '@/lib/supabase/types';
import { reasonFor, type MatchedColleague } from '@/lib/team/answer';

/** A match card: the profile the member may see, its score, the matched words and why it fits. */
export interface MatchCard {
  profile: Omit<ProfileRow, 'hidden_at' | 'opted_in'>;
  score: number;
  terms: string[];
  reason: string;
}

/** Ranks colleagues for a question (match_profiles, RLS) and loads their cards, best first. */
export async function findColleagues(client: Client, query: string, limit = 5): Promise<{ cards: MatchCard[]; matches: MatchedColleague[] }> {
  const ranked = await matchProfiles(client, { query, limit });
  const profiles = await getProfilesByIds(client, { ids: ranked.map((r) => r.profile_id) });
  const byId = new Map(profiles.map((p) => [p.id, p]));
  const cards: MatchCard[] = [];
  const matches: MatchedColleague[] = [];
  for (const r of ranked) {
    const p = byId.get(r.profile_id);
    if (!p) continue;
    const match: MatchedColleague = {
      profileId: p.id,
      name: p.display_name,
      title: p.title,
      expertise: p.expertise,
      bio: p.bio,
      score: Math.round(r.score * 1000) / 1000,
      terms: r.matched_terms,
    };
    matches.push(match);
    const { hidden_at: _hidden, opted_in: _opted, ...card } = p;
    cards.push({ profile: card, score: match.score, terms: match.terms, reason: reasonFor(match) });
  }
  return { cards, matches };
}
