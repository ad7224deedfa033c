"""What a terawatt output file is made of, read the same way by every module: the error for a file that is not a
run, the topology coordinates that place clusters, workloads and services, and root attributes as plain values.

The bottom of the package: it imports no other module of it.
"""

import numpy as np

# The topology coordinates terawatt writes, each along its dimension.
TOPOLOGY = {"site_of_cluster": "cluster", "cluster_of_workload": "workload", "cluster_of_service": "service"}


class NotATerawattRun(ValueError):
    """The file is not a complete terawatt run output (not HDF5, not terawatt, a sweep table, a missing group)."""


def topology(dataset):
    """{'site_of_cluster': {...}, 'cluster_of_workload': {...}, 'cluster_of_service': {...}} read from the topology
    coordinates of a `/summary` or `/timeseries` Dataset; a dimension the run does not have gives {}.

    Raises NotATerawattRun when the Dataset has clusters but no `site_of_cluster` (a file from a terawatt that did
    not write its topology), or a dimension without its coordinate.
    """
    mappings = {}
    for name, dim in TOPOLOGY.items():
        if dim not in dataset.dims:
            mappings[name] = {}
            continue
        if name not in dataset.coords:
            raise NotATerawattRun(f"the {dataset.attrs.get('group', 'dataset')} has no coordinate '{name}': "
                                  "cannot tell where each " + dim + " is (written by an older terawatt?)")
        mappings[name] = {str(label): str(value)
                          for label, value in zip(dataset[dim].values, dataset[name].values)}
    return mappings


def attribute(value):
    """A root attribute as a plain Python value (str, int or float), as h5py reads it."""
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if isinstance(value, np.generic):
        return value.item()
    return value
