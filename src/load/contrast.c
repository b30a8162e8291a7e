/* WCAG contrast (see contrast.h). */
#include "load/contrast.h"

#include <math.h>

const model_colour contrast_white = {255, 255, 255};

static double channel(uint8_t v)
{
    double c = v / 255.0;
    return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

static double luminance(model_colour c)
{
    return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
}

double contrast_ratio(model_colour a, model_colour b)
{
    double la = luminance(a), lb = luminance(b);
    return la > lb ? (la + 0.05) / (lb + 0.05) : (lb + 0.05) / (la + 0.05);
}

model_colour contrast_darken(model_colour c, model_colour bg, double min)
{
    /* the channels scaled down together, 1 % at a time: the hue stays,
     * and the first that passes is the nearest to the brand's colour */
    model_colour d = c;
    for (int k = 100; k >= 0 && contrast_ratio(d, bg) < min; k--)
        d = (model_colour){(uint8_t)lround(c.r * k / 100.0),
                           (uint8_t)lround(c.g * k / 100.0),
                           (uint8_t)lround(c.b * k / 100.0)};
    return d;
}
