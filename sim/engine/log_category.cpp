#include "sim/engine/log_category.hpp"

// No line is logged to these two directly (XBT_LOG_NEW_CATEGORY, not _DEFAULT_): the parts below them log to their
// own subcategories, and a threshold set on a parent reaches its children.
XBT_LOG_NEW_CATEGORY(terawatt, "terawatt: the datacenter energy simulator");
XBT_LOG_NEW_SUBCATEGORY(terawatt_workloads, terawatt, "training jobs and inference services");
