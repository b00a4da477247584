// SPDX-License-Identifier: GPL-2.0-only
/* Handles (coresrv/handle/handle_api.h) and notifications (notice_api.h). */
#include <coresrv/handle/handle_api.h>
#include <coresrv/handle/notice_api.h>
#include <kos/thread.h>

#include "suite.h"

#define T_USER HANDLE_TYPE_USER_FIRST
#define EV_PING OBJECT_EVENT_USER(0)
#define EV_PONG OBJECT_EVENT_USER(1)

static void user_objects(void)
{
	static int ctx;
	rtl_uint32_t type = 0, rights = 0;
	void *got = NULL;
	Handle h;

	CHECK(KnHandleCreateUserObject(T_USER + 1, OCAP_HANDLE_TRANSFER, &ctx, &h) == rcOk,
	      "create");
	CHECK(KnHandleGetInfo(h, &type, &rights, &got) == rcOk && type == T_USER + 1 &&
		  rights == OCAP_HANDLE_TRANSFER && got == &ctx,
	      "info type 0x%x rights 0x%x context %p", type, rights, got);
	CHECK(KnHandleClose(h) == rcOk, "close");
	CHECK(KnHandleClose(h) == rcInvalidArgument, "close twice");
	CHECK(KnHandleGetInfo(h, NULL, NULL, NULL) == rcInvalidArgument, "stale handle");
	CHECK(KnHandleCreateUserObject(5, 0, NULL, &h) == rcInvalidArgument, "kernel type");
	CHECK(KnHandleCreateUserObject(T_USER, 0, NULL, NULL) == rcInvalidArgument, "NULL");
	CHECK(KnHandleClose(INVALID_HANDLE) == rcInvalidArgument, "INVALID_HANDLE");
	CHECK(KnHandleCreateBadge(INVALID_HANDLE, 0, NULL, &h) == rcUnimplemented, "badge");
	CHECK(KnHandleRevokeSubtree(INVALID_HANDLE, INVALID_HANDLE) == rcUnimplemented, "subtree");
}

static void copy_and_revoke(void)
{
	Handle orig, copy, copy2, plain;
	rtl_uint32_t rights = 0;

	KnHandleCreateUserObject(T_USER, OCAP_HANDLE_TRANSFER | OCAP_HANDLE_GET_EVENT, NULL, &orig);
	CHECK(KnHandleCopy(orig, OCAP_HANDLE_FULL, &copy) == rcOk, "copy");
	CHECK(KnHandleGetInfo(copy, NULL, &rights, NULL) == rcOk &&
		  rights == (OCAP_HANDLE_TRANSFER | OCAP_HANDLE_GET_EVENT),
	      "a copy gained rights: 0x%x", rights);
	CHECK(KnHandleCopy(copy, OCAP_HANDLE_GET_EVENT, &copy2) == rcOk, "copy of a copy");
	CHECK(KnHandleCopy(copy2, OCAP_HANDLE_GET_EVENT, &plain) == rcNoCapability,
	      "copied without OCAP_HANDLE_TRANSFER");
	CHECK(KnHandleRevoke(orig) == rcOk, "revoke");
	CHECK(KnHandleGetInfo(copy, NULL, NULL, NULL) == rcHandleRevoked, "copy survived");
	CHECK(KnHandleGetInfo(copy2, NULL, NULL, NULL) == rcHandleRevoked, "copy2 survived");
	CHECK(KnHandleClose(copy) == rcOk && KnHandleClose(copy2) == rcOk, "close revoked");
	CHECK(KnHandleRevoke(orig) == rcInvalidArgument, "revoke twice");
}

static void handle_limit(void)
{
	Handle h[80];
	int n = 0;
	Retcode rc = rcOk;

	while (n < 80 && (rc = KnHandleCreateUserObject(T_USER, 0, NULL, &h[n])) == rcOk)
		n++;
	CHECK(rc == rcQuotaExceeded && n == 64 /* the default table size */,
	      "%d handles, then 0x%x", n, rc);
	while (n > 0)
		KnHandleClose(h[--n]);
	CHECK(KnHandleCreateUserObject(T_USER, 0, NULL, &h[0]) == rcOk, "after closing");
	KnHandleClose(h[0]);
}

static Notice notice;
static Handle object;

static int event_waiter(void *c)
{
	EventDesc ev[4];
	rtl_size_t n = 0;
	Retcode rc = KnNoticeGetEvent(notice, INFINITE_TIMEOUT, 4, ev, &n);

	(void)c;
	if (rc != rcOk || n != 1 || ev[0].eventId != 0x1234 || ev[0].eventMask != EV_PING)
		return 1;
	return 0;
}

static void notify_across_threads(void)
{
	rtl_int32_t code = -1;
	Tid t;

	CHECK(KnNoticeCreate(&notice) == rcOk, "create");
	CHECK(KnHandleCreateUserObject(T_USER, OCAP_HANDLE_GET_EVENT | OCAP_HANDLE_SET_EVENT, NULL,
				       &object) == rcOk,
	      "object");
	CHECK(KnNoticeSubscribeToObject(notice, object, EV_PING | EV_PONG, 0x1234) == rcOk,
	      "subscribe");
	CHECK(KosThreadCreate(&t, 15, 0, event_waiter, NULL, 0) == rcOk, "thread");
	KosThreadSleep(30); /* it is waiting now */
	CHECK(KnNoticeSetObjectEvent(object, EV_PING) == rcOk, "set");
	CHECK(KosThreadWaitExitCode(t, 5000, &code) == rcOk && code == 0, "waiter got %d", code);
}

static void notice_queue_timeout_errors(void)
{
	EventDesc ev[4];
	rtl_size_t n = 9;
	uint64_t start;
	Handle weak;
	Retcode rc;

	/* Two events before a fetch: one entry, masks OR-ed. */
	KnNoticeSetObjectEvent(object, EV_PING);
	KnNoticeSetObjectEvent(object, EV_PONG);
	rc = KnNoticeGetEvent(notice, 0, 4, ev, &n);
	CHECK(rc == rcOk && n == 1 && ev[0].eventMask == (EV_PING | EV_PONG),
	      "rc 0x%x n %zu mask 0x%x", rc, n, ev[0].eventMask);
	start = now_ms();
	rc = KnNoticeGetEvent(notice, 40, 4, ev, &n);
	CHECK(rc == rcTimeout && n == 0 && IN_TOLERANCE(now_ms() - start, 40),
	      "rc 0x%x after %llu ms", rc, (unsigned long long)(now_ms() - start));

	CHECK(KnNoticeSetObjectEvent(object, EVENT_OBJECT_DESTROYED) == rcInvalidArgument,
	      "a partition raised a general event");
	CHECK(KnNoticeSetObjectEvent(notice, EV_PING) == rcInvalidArgument, "event on a notice");
	KnHandleCreateUserObject(T_USER, 0, NULL, &weak);
	CHECK(KnNoticeSubscribeToObject(notice, weak, EV_PING, 1) == rcNoCapability,
	      "subscribed without OCAP_HANDLE_GET_EVENT");
	CHECK(KnNoticeSetObjectEvent(weak, EV_PING) == rcNoCapability,
	      "set without OCAP_HANDLE_SET_EVENT");
	CHECK(KnNoticeGetEvent(weak, 0, 4, ev, &n) == rcInvalidArgument, "not a notice");
	CHECK(KnNoticeGetEvent(notice, 0, 0, ev, &n) == rcInvalidArgument, "countMax 0");
	CHECK(KnNoticeUnsubscribeFromEvent(notice, 0x999) == rcResourceNotFound, "unsubscribe");
	CHECK(KnNoticeSubscribeToObject(notice, object, EV_PONG, 0x55) == rcOk &&
		  KnNoticeUnsubscribeFromEvent(notice, 0x55) == rcOk,
	      "unsubscribe a subscription");
	KnNoticeSetObjectEvent(object, EV_PONG);
	rc = KnNoticeGetEvent(notice, 0, 4, ev, &n);
	CHECK(rc == rcOk && n == 1 && ev[0].eventId == 0x1234, "event for an unsubscribed id");
	CHECK(KnNoticeCreate(NULL) == rcInvalidArgument, "NULL");
	KnHandleClose(weak);
}

static void object_destroyed(void)
{
	EventDesc ev[2];
	rtl_size_t n = 0;
	Retcode rc;

	CHECK(KnNoticeSubscribeToObject(notice, object, EVENT_OBJECT_DESTROYED, 0x77) == rcOk,
	      "subscribe");
	CHECK(KnHandleClose(object) == rcOk, "close the object");
	rc = KnNoticeGetEvent(notice, 1000, 2, ev, &n);
	CHECK(rc == rcOk && n == 1 && ev[0].eventId == 0x77 &&
		  ev[0].eventMask == EVENT_OBJECT_DESTROYED,
	      "rc 0x%x n %zu id 0x%lx mask 0x%x", rc, n, (unsigned long)ev[0].eventId,
	      ev[0].eventMask);
	CHECK(KnNoticeUnsubscribeFromEvent(notice, 0x1234) == rcResourceNotFound,
	      "subscription outlived its object");
	CHECK(KnHandleClose(notice) == rcOk, "close the notice");
}

static void notice_limit(void)
{
	Notice n[5];
	int made = 0;
	Retcode rc = rcOk;

	while (made < 5 && (rc = KnNoticeCreate(&n[made])) == rcOk)
		made++;
	CHECK(made == 4 && rc == rcQuotaExceeded, "%d receivers, then 0x%x", made, rc);
	while (made > 0)
		KnHandleClose(n[--made]);
	CHECK(KnNoticeCreate(&n[0]) == rcOk && KnHandleClose(n[0]) == rcOk, "after closing");
}

void handle_cases(void)
{
	suite_run("handle_user_object", user_objects);
	suite_run("handle_copy_and_revoke", copy_and_revoke);
	suite_run("handle_table_limit", handle_limit);
	suite_run("notice_across_threads", notify_across_threads);
	suite_run("notice_coalesce_timeout_errors", notice_queue_timeout_errors);
	suite_run("notice_object_destroyed", object_destroyed);
	suite_run("notice_per_partition_limit", notice_limit);
}
