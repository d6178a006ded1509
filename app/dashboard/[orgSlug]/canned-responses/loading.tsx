// A list page shows the skeleton while it reads its data (detail pages have none: see components/dashboard/page-loading.tsx).
export { default } from '@/components/dashboard/page-loading';
