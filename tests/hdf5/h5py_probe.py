"""h5py's view of an HDF5 file, for Strata's interop tests (run with Debian's /usr/bin/python3).

  h5py_probe.py describe FILE OUTDIR   one line per dataset and attribute (floats as float.hex, so values
                                       compare exactly); every numeric dataset's values to OUTDIR/<path>.bin
                                       as little-endian float64, plus the statistics h5py/numpy compute
  h5py_probe.py write FILE             a file of every kind Strata must read (see the body for the values)
"""
import os
import sys

import h5py
import numpy as np


def fmt_value(v):
    if isinstance(v, bytes):
        return "bytes " + v.decode("utf-8")
    if isinstance(v, str):
        return "str " + v
    a = np.asarray(v)
    if a.dtype.names:
        return "compound " + ";".join("%s=%s" % (n, fmt_value(a[n]).split(" ", 1)[1]) for n in a.dtype.names)
    if a.dtype.kind == "S":
        return "fixed " + "|".join(x.decode() for x in a.ravel())
    if a.dtype.kind == "f":
        return "%s %s" % (a.dtype, ",".join(float(x).hex() for x in a.ravel()))
    if a.dtype.kind in "iub":
        return "%s %s" % (a.dtype, ",".join(str(int(x)) for x in a.ravel()))
    if a.dtype.kind == "O":
        return "strs " + "|".join(x.decode() if isinstance(x, bytes) else str(x) for x in a.ravel())
    return "%s %r" % (a.dtype, v)


def describe(path, outdir):
    with h5py.File(path, "r") as f:
        for k in sorted(f.attrs.keys()):
            print("attr / %s %s" % (k, fmt_value(f.attrs[k])))

        def visit(name, obj):
            if isinstance(obj, h5py.Group):
                print("group /%s" % name)
            else:
                ds = obj
                print("dataset /%s dtype=%s shape=%s chunks=%s compression=%s opts=%s shuffle=%d fletcher32=%d"
                      " maxshape=%s" % (name, ds.dtype, ",".join(map(str, ds.shape)),
                                        ",".join(map(str, ds.chunks)) if ds.chunks else "none",
                                        ds.compression, ds.compression_opts, ds.shuffle, ds.fletcher32,
                                        ",".join("None" if m is None else str(m) for m in ds.maxshape)))
                if ds.dtype.kind in "fiu":
                    data = ds[...].astype("<f8")
                    data.tofile(os.path.join(outdir, name.replace("/", "_") + ".bin"))
                    print("sum /%s %s" % (name, float(data.sum()).hex()))
                    if name.endswith("final_prices"):
                        print("stat mean %s" % float(data.mean()).hex())
                        print("stat std %s" % float(data.std()).hex())
                        print("stat p5 %s" % float(np.percentile(data, 5)).hex())
                        print("stat p1 %s" % float(np.percentile(data, 1)).hex())
                    if name.endswith("paths"):
                        part = ds[:10, :]
                        print("partial /%s %s %s" % (name, ",".join(map(str, part.shape)),
                                                     float(part.astype("<f8").sum()).hex()))
                elif ds.dtype.kind == "b":
                    print("values /%s %s" % (name, fmt_value(ds[...])))
                else:
                    print("values /%s %s" % (name, fmt_value(ds[...])))
            for k in sorted(obj.attrs.keys()):
                print("attr /%s %s %s" % (name, k, fmt_value(obj.attrs[k])))
        f.visititems(visit)


def write(path):
    with h5py.File(path, "w") as f:
        f.attrs["title"] = "written by h5py"
        f.attrs["version"] = np.int32(3)
        f.attrs["weights"] = np.array([0.5, 0.25, 0.125])
        f.attrs["flag"] = np.bool_(True)
        f.attrs["fixed"] = np.bytes_("abc")
        f.create_dataset("ints/i8", data=np.arange(-5, 5, dtype=np.int8))
        f.create_dataset("ints/u16", data=np.arange(0, 60000, 6000, dtype=np.uint16))
        f.create_dataset("ints/i64", data=np.arange(10, dtype=np.int64) * -(10 ** 15))
        f.create_dataset("floats/f32", data=np.linspace(0, 1, 5, dtype=np.float32))
        f.create_dataset("grid", data=np.arange(4 * 5 * 6, dtype=np.float64).reshape(4, 5, 6),
                         chunks=True, compression="gzip", compression_opts=9, shuffle=True, fletcher32=True)
        f.create_dataset("flags", data=np.array([True, False, True, True]))
        f.create_dataset("names", data=["alpha", "βeta", "", "delta"], dtype=h5py.string_dtype())
        f.create_dataset("codes", data=np.array([b"USD", b"EUR", b"GB"], dtype="S3"))
        rec = np.array([(1, 2.5, 7), (2, -1.0, 8)], dtype=[("time", "<i8"), ("price", "<f8"), ("size", "<i4")])
        f.create_dataset("ticks", data=rec)
        log = f.create_dataset("log", shape=(0, 3), maxshape=(None, 3), dtype="i4", chunks=(4, 3))
        log.resize((2, 3))
        log[:] = [[1, 2, 3], [4, 5, 6]]
        f.create_dataset("filled", shape=(3,), dtype="f8", fillvalue=-1.5)
        f["alias"] = h5py.SoftLink("/grid")


if __name__ == "__main__":
    if sys.argv[1] == "describe":
        describe(sys.argv[2], sys.argv[3])
    elif sys.argv[1] == "write":
        write(sys.argv[2])
    else:
        sys.exit("unknown command " + sys.argv[1])
