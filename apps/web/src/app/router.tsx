import { createBrowserRouter, Navigate } from 'react-router';
import { SquareRoute } from '../features/square/square-route.tsx';
import { Layout, NotFound, RouteError, RouteFallback } from './layout.tsx';

// The square is the landing screen and ships in the first bundle; every other screen is a separate
// chunk fetched on first visit (the map and the charts carry Leaflet and Chart.js).
export const router = createBrowserRouter([
  {
    path: '/',
    Component: Layout,
    ErrorBoundary: RouteError,
    HydrateFallback: RouteFallback,
    children: [
      { index: true, element: <Navigate to="/square" replace /> },
      { path: 'square', Component: SquareRoute },
      {
        path: 'map',
        lazy: async () => ({ Component: (await import('../features/map/map-route.tsx')).MapRoute }),
      },
      {
        path: 'post/new',
        lazy: async () => ({
          Component: (await import('../features/post-form/post-form-route.tsx')).PostFormRoute,
        }),
      },
      {
        path: 'posts/:id/edit',
        lazy: async () => ({
          Component: (await import('../features/post-form/edit-held-route.tsx')).EditHeldRoute,
        }),
      },
      {
        path: 'posts/:id',
        lazy: async () => ({
          Component: (await import('../features/post-detail/post-detail-route.tsx')).PostDetailRoute,
        }),
      },
      {
        path: 'me',
        lazy: async () => ({ Component: (await import('../features/me/me-route.tsx')).MeRoute }),
      },
      {
        path: 'notifications',
        lazy: async () => ({
          Component: (await import('../features/notifications/notifications-route.tsx')).NotificationsRoute,
        }),
      },
      {
        path: 'notifications/settings',
        lazy: async () => ({
          Component: (await import('../features/notifications/settings-route.tsx')).SettingsRoute,
        }),
      },
      {
        path: 'stats',
        lazy: async () => ({ Component: (await import('../features/stats/stats-route.tsx')).StatsRoute }),
      },
      {
        path: 'messages/:id',
        lazy: async () => ({
          Component: (await import('../features/messages/thread-route.tsx')).ThreadRoute,
        }),
      },
      {
        path: 'terms',
        lazy: async () => ({ Component: (await import('../features/legal/legal-route.tsx')).TermsRoute }),
      },
      {
        path: 'privacy',
        lazy: async () => ({ Component: (await import('../features/legal/legal-route.tsx')).PrivacyRoute }),
      },
      {
        path: 'admin',
        lazy: async () => ({ Component: (await import('../features/admin/admin-route.tsx')).AdminRoute }),
      },
      {
        path: 'partner',
        lazy: async () => ({
          Component: (await import('../features/partner/partners-route.tsx')).PartnersRoute,
        }),
      },
      {
        path: 'care',
        lazy: async () => ({ Component: (await import('../features/care/care-route.tsx')).CareRoute }),
      },
      {
        path: 'care/guidance/:medicineId?',
        lazy: async () => ({
          Component: (await import('../features/care/guidance-route.tsx')).GuidanceRoute,
        }),
      },
      {
        path: 'care/shares',
        lazy: async () => ({ Component: (await import('../features/care/shares-route.tsx')).SharesRoute }),
      },
      {
        path: 'care/reminders',
        lazy: async () => ({
          Component: (await import('../features/care/reminder-list-route.tsx')).ReminderListRoute,
        }),
      },
      {
        path: 'care/doses/:reminderId/:dueAt',
        lazy: async () => ({
          Component: (await import('../features/care/reminder-dose-route.tsx')).ReminderDoseRoute,
        }),
      },
      {
        path: 'care/caring',
        lazy: async () => ({
          Component: (await import('../features/care/reminder-caring-route.tsx')).ReminderCaringRoute,
        }),
      },
      {
        path: 'care/consultations',
        lazy: async () => ({
          Component: (await import('../features/care/consultation-route.tsx')).ConsultationsRoute,
        }),
      },
      {
        path: 'care/consultations/:id',
        lazy: async () => ({
          Component: (await import('../features/care/consultation-route.tsx')).ConsultationRoute,
        }),
      },
      {
        path: 'partner/:id/consultations',
        lazy: async () => ({
          Component: (await import('../features/care/consultation-desk-route.tsx')).ConsultationDeskRoute,
        }),
      },
      {
        path: 'care/follow-up',
        lazy: async () => ({
          Component: (await import('../features/care/follow-up-route.tsx')).FollowUpRoute,
        }),
      },
      {
        path: 'pharmacies',
        lazy: async () => ({
          Component: (await import('../features/pharmacies/pharmacies-route.tsx')).PharmaciesRoute,
        }),
      },
      {
        path: 'pharmacies/apply',
        lazy: async () => ({
          Component: (await import('../features/pharmacies/apply-route.tsx')).ApplyPharmacyRoute,
        }),
      },
      {
        path: 'pharmacies/reservations',
        lazy: async () => ({
          Component: (await import('../features/pharmacies/reservations-route.tsx')).ReservationsRoute,
        }),
      },
      {
        path: 'pharmacies/orders',
        lazy: async () => ({
          Component: (await import('../features/pharmacies/orders-route.tsx')).OrdersRoute,
        }),
      },
      {
        path: 'pharmacies/orders/:id',
        lazy: async () => ({
          Component: (await import('../features/pharmacies/orders-route.tsx')).OrderRoute,
        }),
      },
      {
        path: 'pharmacies/:id/join',
        lazy: async () => ({
          Component: (await import('../features/pharmacies/member-card-route.tsx')).MemberCardRoute,
        }),
      },
      {
        path: 'pharmacies/:id/member',
        lazy: async () => ({
          Component: (await import('../features/pharmacies/member-card-route.tsx')).MemberCardRoute,
        }),
      },
      {
        path: 'pharmacies/:id/coupons/:couponId',
        lazy: async () => ({
          Component: (await import('../features/pharmacies/coupon-route.tsx')).CouponRoute,
        }),
      },
      {
        path: 'pharmacies/:id',
        lazy: async () => ({
          Component: (await import('../features/pharmacies/pharmacy-route.tsx')).PharmacyRoute,
        }),
      },
      {
        path: 'groups',
        lazy: async () => ({
          Component: (await import('../features/community/groups-route.tsx')).MyGroupsRoute,
        }),
      },
      {
        path: 'groups/join/:token',
        lazy: async () => ({
          Component: (await import('../features/community/join-route.tsx')).JoinGroupRoute,
        }),
      },
      {
        path: 'groups/:groupId',
        lazy: async () => ({
          Component: (await import('../features/community/groups-route.tsx')).MyGroupRoute,
        }),
      },
      {
        path: 'invites',
        lazy: async () => ({
          Component: (await import('../features/community/referrals-route.tsx')).ReferralCampaignsRoute,
        }),
      },
      {
        path: 'invites/:campaignId',
        lazy: async () => ({
          Component: (await import('../features/community/referrals-route.tsx')).MyReferralsRoute,
        }),
      },
      {
        path: 'invites/:campaignId/leaderboard',
        lazy: async () => ({
          Component: (await import('../features/community/referrals-route.tsx')).LeaderboardRoute,
        }),
      },
      {
        path: 'invite/:token',
        lazy: async () => ({
          Component: (await import('../features/community/invite-route.tsx')).InviteRoute,
        }),
      },
      {
        path: 'articles/:articleId',
        lazy: async () => ({
          Component: (await import('../features/community/article-route.tsx')).ArticleRoute,
        }),
      },
      {
        path: 'live',
        lazy: async () => ({
          Component: (await import('../features/community/live-sessions-route.tsx')).LiveSessionsRoute,
        }),
      },
      {
        path: 'live/:id',
        lazy: async () => ({
          Component: (await import('../features/community/live-session-route.tsx')).LiveSessionRoute,
        }),
      },
      {
        path: 'quizzes',
        lazy: async () => ({
          Component: (await import('../features/community/quiz-route.tsx')).QuizzesRoute,
        }),
      },
      {
        path: 'quizzes/:id',
        lazy: async () => ({
          Component: (await import('../features/community/quiz-route.tsx')).QuizRoute,
        }),
      },
      {
        path: 'surveys/:id',
        lazy: async () => ({
          Component: (await import('../features/community/live-survey-route.tsx')).SurveyRoute,
        }),
      },
      {
        path: 'feedback',
        lazy: async () => ({
          Component: (await import('../features/community/live-feedback-route.tsx')).FeedbackRoute,
        }),
      },
      {
        path: 'admin/feedback',
        lazy: async () => ({
          Component: (await import('../features/community/live-feedback-admin-route.tsx')).FeedbackAdminRoute,
        }),
      },
      {
        path: 'partner/review',
        lazy: async () => ({
          Component: (await import('../features/partner/review-route.tsx')).ReviewRoute,
        }),
      },
      {
        path: 'partner/:id',
        lazy: async () => ({
          Component: (await import('../features/partner/partner-route.tsx')).PartnerRoute,
        }),
      },
      { path: '*', Component: NotFound },
    ],
  },
]);
