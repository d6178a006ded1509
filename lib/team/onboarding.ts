/** The cookie that remembers "skip for now" of the team onboarding dialog for one organization. */
export const onboardingCookie = (orgSlug: string) => `team_onboarding_${orgSlug}`;
