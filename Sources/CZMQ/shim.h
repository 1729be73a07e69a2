#ifndef GLEANER_CZMQ_SHIM_H
#define GLEANER_CZMQ_SHIM_H
#include <zmq.h>
#endif
