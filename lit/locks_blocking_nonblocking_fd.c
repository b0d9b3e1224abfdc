// blocking-under-lock negative: a read from a descriptor this file opened
// non-blocking does not wait (libusb's netlink monitor: the socket is made
// with SOCK_NONBLOCK, or set O_NONBLOCK with fcntl, and kept in a static;
// linux_netlink_read_message's recvmsg runs under linux_hotplug_lock and
// returns EAGAIN when nothing is queued). Nor does a recv given
// MSG_DONTWAIT. Positive: the same recv on a descriptor opened without
// the flag, and on one passed in by the caller, may block.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clang -O2 -g %pa -Rpass-missed=perfadvise-locks -c %s -o %t.o 2>&1 | FileCheck %s --implicit-check-not=remark:
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON --implicit-check-not="FINDING blocking-under-lock"
#include <fcntl.h>
#include <pthread.h>
#include <sys/socket.h>

static pthread_mutex_t hotplug_lock = PTHREAD_MUTEX_INITIALIZER;
static int event_socket = -1;
static int control_socket = -1;
static int plain_socket = -1;
static char buf[2048];
static long reads;

int start_monitor(void) {
    event_socket = socket(PF_NETLINK, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, 15);
    control_socket = socket(PF_UNIX, SOCK_STREAM, 0);
    if (control_socket < 0)
        return -1;
    int flags = fcntl(control_socket, F_GETFL);
    if (flags == -1 || fcntl(control_socket, F_SETFL, flags | O_NONBLOCK) == -1)
        return -1;
    plain_socket = socket(PF_UNIX, SOCK_STREAM, 0);
    return event_socket < 0 ? -1 : 0;
}

static __attribute__((noinline)) long read_message(void) {
    struct iovec iov = {.iov_base = buf, .iov_len = sizeof buf};
    struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1};
    return recvmsg(event_socket, &msg, 0);
}

void hotplug_poll(void) {
    pthread_mutex_lock(&hotplug_lock);
    while (read_message() > 0) {
    }
    pthread_mutex_unlock(&hotplug_lock);
}

long drain_control(void) {
    pthread_mutex_lock(&hotplug_lock);
    long n = recv(control_socket, buf, sizeof buf, 0);
    pthread_mutex_unlock(&hotplug_lock);
    return n;
}

long peek_plain(void) {
    pthread_mutex_lock(&hotplug_lock);
    long n = recv(plain_socket, buf, sizeof buf, MSG_DONTWAIT);
    pthread_mutex_unlock(&hotplug_lock);
    return n;
}

long read_plain(void) {
    pthread_mutex_lock(&hotplug_lock);
    long n = recv(plain_socket, buf, sizeof buf, 0);
    // CHECK: locks_blocking_nonblocking_fd.c:[[@LINE-1]]:14: remark: recv() {{.*}}while holding
    // JSON: FINDING blocking-under-lock fn=read_plain
    pthread_mutex_unlock(&hotplug_lock);
    return n;
}

long read_given(int fd) {
    pthread_mutex_lock(&hotplug_lock);
    reads++;
    long n = recv(fd, buf, sizeof buf, 0);
    // CHECK: locks_blocking_nonblocking_fd.c:[[@LINE-1]]:14: remark: recv() {{.*}}while holding
    // JSON: FINDING blocking-under-lock fn=read_given
    pthread_mutex_unlock(&hotplug_lock);
    return n;
}
