"""A pure-Python numerical simulation (n-body steps, floats in lists): the textbook GIL-bound case,
long enough that start-up costs vanish — processes on every physical core."""


def simulate(steps):
    bodies = [[float(i), float(i % 3), float(i % 5), 0.01 * i, 0.0, 0.0, 1.0 + i % 4] for i in range(6)]
    for _ in range(steps):
        for i, a in enumerate(bodies):
            for b in bodies[i + 1:]:
                dx, dy, dz = a[0] - b[0], a[1] - b[1], a[2] - b[2]
                d2 = dx * dx + dy * dy + dz * dz + 0.01
                mag = 0.001 / (d2 * d2 ** 0.5)
                a[3] -= dx * b[6] * mag
                a[4] -= dy * b[6] * mag
                a[5] -= dz * b[6] * mag
                b[3] += dx * a[6] * mag
                b[4] += dy * a[6] * mag
                b[5] += dz * a[6] * mag
        for body in bodies:
            body[0] += 0.001 * body[3]
            body[1] += 0.001 * body[4]
            body[2] += 0.001 * body[5]
    return bodies[0][0]


PROFILE_INPUTS = [6_000] * 8

if __name__ == "__main__":
    print([simulate(s) for s in PROFILE_INPUTS])
